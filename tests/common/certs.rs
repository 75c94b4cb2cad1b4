//! A test CA and a server certificate it signed (openssl): `ca.crt`, `server.crt` and
//! `server.key` in `dir`, the server's valid for the names in `san` ("DNS:localhost",
//! "IP:127.0.0.1") and two days.

use std::path::Path;
use std::process::Command;

pub fn make(dir: &Path, san: &str) {
    let ext = dir.join("ext.cnf");
    std::fs::write(
        &ext,
        format!(
            "subjectAltName={san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
        ),
    )
    .unwrap();
    let ca_ext = dir.join("ca.cnf");
    std::fs::write(&ca_ext, "[req]\ndistinguished_name=dn\n[dn]\n[v3]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n").unwrap();
    let (ca_cnf, ext_cnf) = (ca_ext.to_str().unwrap(), ext.to_str().unwrap());
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
            "-days",
            "2",
            "-subj",
            "/CN=Intendant test CA",
            "-config",
            ca_cnf,
            "-extensions",
            "v3",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
            "-config",
            ca_cnf,
        ],
    );
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.crt",
            "-days",
            "2",
            "-extfile",
            ext_cnf,
        ],
    );
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .env("OPENSSL_CONF", "/dev/null")
        .env("HOME", dir)
        .current_dir(dir)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
