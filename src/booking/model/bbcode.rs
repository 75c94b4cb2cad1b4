//! GRR's BBCode subset (seed 003 section 4.8) as terminal styles: [b], [i], [u], [s],
//! [color=…]; [url], [email], [img] show their text or address; layout tags ([center],
//! [size=…], [right], [justify]) keep only their text; [hr] is a rule. Anything else, such as
//! an unclosed or unknown tag, is shown as typed. Pure: styled runs, not widgets.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub style: Style,
}

fn colour(name: &str) -> Option<Color> {
    crate::tui::theme::parse_color(name.trim())
}

/// One line of runs per line of text.
pub fn render(text: &str, base: Style) -> Vec<Vec<Run>> {
    let mut lines = vec![Vec::new()];
    let mut stack: Vec<(String, Style)> = Vec::new();
    let mut rest = text;
    let style_now = |stack: &[(String, Style)]| stack.last().map(|(_, s)| *s).unwrap_or(base);
    let push = |lines: &mut Vec<Vec<Run>>, text: &str, style: Style| {
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                lines.push(Vec::new());
            }
            if !part.is_empty() {
                if let Some(line) = lines.last_mut() {
                    line.push(Run {
                        text: part.to_owned(),
                        style,
                    });
                }
            }
        }
    };
    while let Some(open) = rest.find('[') {
        push(&mut lines, &rest[..open], style_now(&stack));
        let after = &rest[open..];
        let Some(close) = after.find(']') else {
            push(&mut lines, after, style_now(&stack));
            rest = "";
            break;
        };
        let tag = &after[1..close];
        let consumed = close + 1;
        let lower = tag.to_ascii_lowercase();
        let current = style_now(&stack);
        let (name, arg) = match lower.split_once('=') {
            Some((n, _)) => (n.to_owned(), Some(tag[n.len() + 1..].to_owned())),
            None => (lower.clone(), None),
        };
        let handled = if let Some(closing) = name.strip_prefix('/') {
            if closing.is_empty() || closing == "hr" {
                push(&mut lines, "────────", current);
                true
            } else if stack.last().is_some_and(|(n, _)| n == closing) {
                stack.pop();
                true
            } else {
                false
            }
        } else {
            let style = match name.as_str() {
                "b" => Some(current.add_modifier(Modifier::BOLD)),
                "i" => Some(current.add_modifier(Modifier::ITALIC)),
                "u" | "url" | "email" => Some(current.add_modifier(Modifier::UNDERLINED)),
                "s" => Some(current.add_modifier(Modifier::CROSSED_OUT)),
                "color" => arg.as_deref().and_then(colour).map(|c| current.fg(c)),
                "center" | "right" | "justify" | "size" | "img" => Some(current),
                "hr" => {
                    push(&mut lines, "────────", current);
                    rest = &after[consumed..];
                    continue;
                }
                _ => None,
            };
            match style {
                Some(style) => {
                    stack.push((name.clone(), style));
                    // [url=address]title[/url]: the title, then the address.
                    if let (Some(a), "url" | "email") = (&arg, name.as_str()) {
                        let end = after[consumed..].find('[').map(|i| consumed + i);
                        if let Some(end) = end {
                            push(&mut lines, &after[consumed..end], style);
                            push(&mut lines, &format!(" <{a}>"), current);
                            rest = &after[end..];
                            continue;
                        }
                    }
                    true
                }
                None => false,
            }
        };
        if !handled {
            push(&mut lines, &after[..consumed], current);
        }
        rest = &after[consumed..];
    }
    push(&mut lines, rest, style_now(&stack));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Vec<Run>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|r| r.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn styles_nest_and_tags_disappear() {
        let lines = render(
            "Salle [b]fermée[/b] le [i][u]lundi[/u][/i]",
            Style::default(),
        );
        assert_eq!(plain(&lines), ["Salle fermée le lundi"]);
        assert_eq!(
            lines[0][1].style,
            Style::default().add_modifier(Modifier::BOLD)
        );
        assert!(lines[0][3]
            .style
            .add_modifier
            .contains(Modifier::ITALIC | Modifier::UNDERLINED));
    }

    #[test]
    fn colours_links_and_lines() {
        let lines = render(
            "[color=red]urgent[/color]\n[url=https://ent.example]ENT[/url] [hr]fin",
            Style::default(),
        );
        assert_eq!(lines[0][0].style.fg, Some(Color::Red));
        assert_eq!(plain(&lines)[1], "ENT <https://ent.example> ────────fin");
    }

    #[test]
    fn unknown_or_unclosed_tags_show_as_typed() {
        assert_eq!(
            plain(&render("a [script] b [b", Style::default())),
            ["a [script] b [b"]
        );
        assert_eq!(plain(&render("x[/i]y", Style::default())), ["x[/i]y"]);
    }
}
