//! 5,000 certificates made one after the other, as `campaign run --out` makes them: laid out
//! from the built-in template, set in DejaVu Sans, written to files. Target: under 30 s in all,
//! memory bounded (one PDF held at a time): prints the total, the time per certificate and the
//! process's peak resident memory.

use std::collections::BTreeMap;
use std::time::Instant;

mod support;

use intendant::campaign::model::certificate;
use intendant::campaign::pdf;

const CERTIFICATES: usize = 5_000;

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    if support::listing_only() {
        return;
    }
    let t = certificate::parse(certificate::DEFAULT_TEMPLATE).expect("template");
    let fonts = pdf::Fonts::read(&t).expect("DejaVu Sans (fonts-dejavu-core)");
    let dir = tempfile::tempdir().expect("temp dir");
    let before = peak_kib();
    let start = Instant::now();
    let mut times = Vec::with_capacity(CERTIFICATES);
    let mut bytes = 0usize;
    for i in 0..CERTIFICATES {
        let one = Instant::now();
        let values = BTreeMap::from([
            ("university", "Université de Lorraine".to_owned()),
            ("student", format!("Élodie{i} Marie-Ève Cœur-de-Lion")),
            ("birth_date", "29/02/2004".to_owned()),
            (
                "diploma",
                "Licence Sciences, Technologies, Santé mention Informatique parcours Génie logiciel".to_owned(),
            ),
            ("year", "2026-2027".to_owned()),
            ("mention", if i % 3 == 0 { "Bien".into() } else { String::new() }),
            ("ects", "180".to_owned()),
            ("place", "Nancy".to_owned()),
            ("date", "06/12/2026".to_owned()),
            ("signatory_name", "Pr Anne Durand".to_owned()),
            ("signatory_title", "Présidente".to_owned()),
        ]);
        let pdf = pdf::render(&t, &fonts, &values, None).expect("render");
        bytes += pdf.len();
        std::fs::write(dir.path().join(format!("{i}.pdf")), pdf).expect("write");
        times.push(one.elapsed());
    }
    let total = start.elapsed();
    support::report("one certificate laid out, rendered and written", times, 2);
    println!(
        "{CERTIFICATES} certificates: {:.1} s in all, {} KiB of PDF each on average; peak resident memory {} MiB (before: {} MiB)",
        total.as_secs_f64(),
        bytes / CERTIFICATES / 1024,
        peak_kib() / 1024,
        before / 1024
    );
}
