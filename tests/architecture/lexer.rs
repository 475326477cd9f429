//! Rust source as the architecture test reads it: a list of tokens with comments, string and
//! character literals, lifetimes and numbers left out (so doc text and messages that name a
//! module make no edge), and `#[cfg(test)]` items removed. It only splits text; what a token
//! means is `graph`'s business.

/// The tokens of `source`: identifiers, `::`, and other punctuation one character at a time. A
/// literal is one `"` token, a number one `0`, so that a path never runs across either.
pub fn tokens(source: &str) -> Vec<String> {
    let s: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let (c, next) = (s[i], s.get(i + 1).copied());
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i = block_comment_end(&s, i);
        } else if let Some(end) = string_end(&s, i) {
            out.push("\"".to_owned());
            i = end;
        } else if c == '\'' {
            i = quote_end(&s, i, &mut out);
        } else if c == 'r' && next == Some('#') && s.get(i + 2).is_some_and(|&c| is_start(c)) {
            // A raw identifier (`r#use`) is kept whole, so it is never taken for a keyword.
            let end = word_end(&s, i + 2);
            out.push(s[i..end].iter().collect());
            i = end;
        } else if is_start(c) {
            let end = word_end(&s, i);
            out.push(s[i..end].iter().collect());
            i = end;
        } else if c.is_ascii_digit() {
            i = word_end(&s, i);
            out.push("0".to_owned());
        } else if c == ':' && next == Some(':') {
            out.push("::".to_owned());
            i += 2;
        } else {
            out.push(c.to_string());
            i += 1;
        }
    }
    out
}

fn is_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn word_end(s: &[char], mut i: usize) -> usize {
    while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_') {
        i += 1;
    }
    i
}

/// The end of the (nested) block comment starting at `i`.
fn block_comment_end(s: &[char], mut i: usize) -> usize {
    let mut depth = 0;
    while i + 1 < s.len() {
        match (s[i], s[i + 1]) {
            ('/', '*') => {
                depth += 1;
                i += 2;
            }
            ('*', '/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    s.len()
}

/// The end of the string literal starting at `i` (`"…"`, `b"…"`, `c"…"`, `r#"…"#`, `br"…"`),
/// or `None` when none starts there.
fn string_end(s: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if matches!(s.get(j), Some('b' | 'c')) {
        j += 1;
    }
    let raw = s.get(j) == Some(&'r');
    if raw {
        j += 1;
    }
    let hashes = s[j.min(s.len())..].iter().take_while(|&&c| c == '#').count();
    if !raw && hashes > 0 {
        return None;
    }
    j += hashes;
    if s.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < s.len() {
        match s[j] {
            '\\' if !raw => j += 2,
            '"' if s[j + 1..].iter().take_while(|&&c| c == '#').count() >= hashes => {
                return Some(j + 1 + hashes);
            }
            _ => j += 1,
        }
    }
    Some(s.len())
}

/// Past the character literal or lifetime starting at `i`; a character literal leaves a `"`.
fn quote_end(s: &[char], i: usize, out: &mut Vec<String>) -> usize {
    if s.get(i + 1) == Some(&'\\') {
        // An escape: the literal ends at the next quote after the escaped character.
        let close = (i + 3..s.len()).find(|&j| s[j] == '\'').unwrap_or(s.len());
        out.push("\"".to_owned());
        return close + 1;
    }
    if s.get(i + 2) == Some(&'\'') {
        out.push("\"".to_owned());
        return i + 3;
    }
    // A lifetime or a loop label.
    word_end(s, i + 1)
}

/// `tokens` without the items under `#[cfg(test)]`, and the names of the modules declared so
/// (`#[cfg(test)] mod tests;`), whose files are test code too.
pub fn without_test_items(tokens: &[String]) -> (Vec<String>, Vec<String>) {
    const CFG_TEST: [&str; 7] = ["#", "[", "cfg", "(", "test", ")", "]"];
    let (mut kept, mut test_modules) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < tokens.len() {
        let at_cfg_test = tokens.len() >= i + CFG_TEST.len()
            && tokens[i..i + CFG_TEST.len()].iter().zip(CFG_TEST).all(|(t, w)| t == w);
        if !at_cfg_test {
            kept.push(tokens[i].clone());
            i += 1;
            continue;
        }
        let mut j = i + CFG_TEST.len();
        // Further attributes of the same item.
        while tokens.get(j).is_some_and(|t| t == "#") {
            j = closing(tokens, j + 1).map_or(tokens.len(), |end| end + 1);
        }
        let item = j;
        if let Some(name) = declared_module(&tokens[item..]) {
            test_modules.push(name);
        }
        i = item_end(tokens, item);
    }
    (kept, test_modules)
}

/// The name `NAME` when `tokens` start with `mod NAME;`, after any visibility.
fn declared_module(tokens: &[String]) -> Option<String> {
    let mut k = 0;
    if tokens.first()? == "pub" {
        k = 1;
        if tokens.get(1)? == "(" {
            k = closing(tokens, 1)? + 1;
        }
    }
    (tokens.get(k)? == "mod" && tokens.get(k + 2)? == ";").then(|| tokens[k + 1].clone())
}

/// The index of the bracket closing the one at `open`.
fn closing(tokens: &[String], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, t) in tokens.iter().enumerate().skip(open) {
        match t.as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// Past the item starting at `start`: its `;`, or the brace closing its body.
fn item_end(tokens: &[String], start: usize) -> usize {
    let mut depth = 0usize;
    for (k, t) in tokens.iter().enumerate().skip(start) {
        match t.as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" => depth = depth.saturating_sub(1),
            "}" => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return k + 1;
                }
            }
            ";" if depth == 0 => return k + 1,
            _ => {}
        }
    }
    tokens.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(source: &str) -> String {
        tokens(source).join(" ")
    }

    #[test]
    fn comments_literals_and_lifetimes_are_left_out() {
        let source = r####"
            /// Uses `crate::store` in its doc.
            /* a block /* nested crate::ui */ still */
            fn f<'a>(x: &'a str) -> char { let _ = "crate::store"; let _ = r#"crate::"ui"#;
              let _ = b"x"; 'q' } // crate::store
            let c = '\''; let d = '\u{1F600}'; crate::domain::X
        "####;
        assert_eq!(
            words(source),
            "fn f < > ( x : & str ) - > char { let _ = \" ; let _ = \" ; let _ = \" ; \" } \
             let c = \" ; let d = \" ; crate :: domain :: X"
        );
    }

    #[test]
    fn test_items_are_removed_and_test_modules_named() {
        let source = "use a::b;\n#[cfg(test)]\nmod tests;\n#[cfg(test)]\n#[allow(x)]\n\
                      pub(crate) fn f() -> [u8; 2] { [0; 2] }\n#[cfg(test)]\nmod inline { \
                      use crate::store::Store; }\nfn kept() {}";
        let (kept, modules) = without_test_items(&tokens(source));
        assert_eq!(kept.join(" "), "use a :: b ; fn kept ( ) { }");
        assert_eq!(modules, ["tests"]);
    }
}
