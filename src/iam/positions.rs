//! Where each statement starts in the pasted text, so findings and the page can point at its line.
//!
//! serde_json's `Value` keeps no positions, so this scans the (already successfully parsed) text once
//! for `"Statement"` object keys and records where each element of their value starts. Policies that
//! were given inside JSON strings (URL-encoded documents, `describe-policy` content) have no key in the
//! text and get no positions. Linear in the text; the values it scans were parsed first, so their
//! nesting is bounded by serde_json's recursion limit.

/// A 1-based line and column.
pub type Pos = (u32, u32);

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
    line: u32,
    col: u32,
}

impl Cursor<'_> {
    fn bump(&mut self) {
        if let Some(&c) = self.b.get(self.i) {
            if c == b'\n' {
                self.line = self.line.saturating_add(1);
                self.col = 1;
            } else if c & 0xC0 != 0x80 {
                self.col = self.col.saturating_add(1);
            }
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.bump();
        }
    }

    /// At a `"`: moves past the string and returns its raw bytes (escapes left as written).
    fn string(&mut self) -> (usize, usize) {
        self.bump();
        let start = self.i;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => {
                    self.bump();
                    self.bump();
                }
                b'"' => {
                    let end = self.i;
                    self.bump();
                    return (start, end);
                }
                _ => self.bump(),
            }
        }
        (start, self.i)
    }
}

/// For each `"Statement"` key in `text`, in order: the positions of its statements (one for an object
/// value, one per element for an array). At most `max` keys are read.
pub fn statements(text: &str, max: usize) -> Vec<Vec<Pos>> {
    let mut out = Vec::new();
    let mut c = Cursor {
        b: text.as_bytes(),
        i: 0,
        line: 1,
        col: 1,
    };
    while let Some(ch) = c.peek() {
        if ch != b'"' {
            c.bump();
            continue;
        }
        let (s, e) = c.string();
        if c.b.get(s..e) != Some(b"Statement".as_slice()) {
            continue;
        }
        let mut look = Cursor {
            b: c.b,
            i: c.i,
            line: c.line,
            col: c.col,
        };
        look.skip_ws();
        if look.peek() != Some(b':') {
            continue;
        }
        look.bump();
        look.skip_ws();
        match look.peek() {
            Some(b'{') => out.push(vec![(look.line, look.col)]),
            Some(b'[') => out.push(elements(&mut look)),
            _ => out.push(Vec::new()),
        }
        if out.len() >= max {
            break;
        }
    }
    out
}

/// At a `[`: the start of each element at depth 1.
fn elements(c: &mut Cursor) -> Vec<Pos> {
    let mut starts = Vec::new();
    let mut depth = 0u32;
    let mut expect_element = false;
    while let Some(ch) = c.peek() {
        if depth == 1 && expect_element && !matches!(ch, b' ' | b'\t' | b'\r' | b'\n' | b']') {
            starts.push((c.line, c.col));
            expect_element = false;
        }
        match ch {
            b'"' => {
                c.string();
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth == 1 {
                    expect_element = true;
                }
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            b',' if depth == 1 => expect_element = true,
            _ => {}
        }
        c.bump();
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::statements;

    #[test]
    fn finds_each_statement_line() {
        let t = "{\n \"Version\": \"2012-10-17\",\n \"Statement\": [\n  {\"Sid\": \"a\"},\n  {\"Sid\": \"b\", \"x\": [1, 2]}\n ]\n}\n{\"Statement\": {\"Effect\": \"Deny\"}, \"s\": \"\\\"Statement\\\": []\"}";
        let p = statements(t, 10);
        assert_eq!(p, vec![vec![(4, 3), (5, 3)], vec![(8, 15)]]);
    }
}
