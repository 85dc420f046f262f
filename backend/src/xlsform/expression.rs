//! The part of XLSForm's XPath that surveys use in `relevant` and `constraint` columns:
//! `selected(${q}, 'x')`, `not(…)`, `${q} = 'x'`, `!=`, comparisons with numbers, `and`, `or`,
//! parentheses, `string-length(.)` and `count-selected(.)`. Typographic quotes and odd spacing
//! (`selected (`) are normalised. Anything else is an error naming what was not understood;
//! the importer reports it, it never guesses.

/// A parsed condition. `question` is the XLSForm name as written (`${name}`), or `.` for the
/// question itself in a constraint.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Selected {
        question: String,
        value: String,
    },
    Compare {
        left: Operand,
        op: Op,
        right: Operand,
    },
    Not(Box<Expr>),
    All(Vec<Expr>),
    Any(Vec<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// `${name}` or `.`.
    Question(String),
    StringLength(String),
    CountSelected(String),
    Text(String),
    Number(f64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    /// The same comparison with its sides swapped (`3 < ${q}` is `${q} > 3`).
    pub fn flipped(self) -> Op {
        match self {
            Op::Lt => Op::Gt,
            Op::Le => Op::Ge,
            Op::Gt => Op::Lt,
            Op::Ge => Op::Le,
            same => same,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ref(String),
    Dot,
    Text(String),
    Number(f64),
    Word(String),
    Op(Op),
    Open,
    Close,
    Comma,
}

const MAX_EXPRESSION_CHARS: usize = 2_000;
const MAX_DEPTH: usize = 32;

/// Parses an expression; `Err` says in French what was not understood.
pub fn parse(source: &str) -> Result<Expr, String> {
    if source.chars().count() > MAX_EXPRESSION_CHARS {
        return Err("expression de plus de 2 000 caractères".to_owned());
    }
    let tokens = tokenize(source)?;
    let mut parser = Parser {
        tokens,
        position: 0,
        depth: 0,
    };
    let expr = parser.or()?;
    match parser.peek() {
        None => Ok(expr),
        Some(token) => Err(format!("« {} » inattendu", describe(token))),
    }
}

fn tokenize(source: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = source.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '$' => {
                chars.next();
                if chars.next() != Some('{') {
                    return Err("« $ » sans « { » : une référence s'écrit ${nom}".to_owned());
                }
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => name.push(c),
                        None => return Err("référence ${… sans « } »".to_owned()),
                    }
                }
                tokens.push(Token::Ref(name.trim().to_owned()));
            }
            '\'' | '"' | '‘' | '’' | '“' | '”' | '«' | '»' => {
                chars.next();
                let mut text = String::new();
                loop {
                    match chars.next() {
                        Some('\'' | '"' | '‘' | '’' | '“' | '”' | '«' | '»') => break,
                        Some(c) => text.push(c),
                        None => return Err("guillemet non refermé".to_owned()),
                    }
                }
                tokens.push(Token::Text(text.trim().to_owned()));
            }
            '(' => {
                chars.next();
                tokens.push(Token::Open);
            }
            ')' => {
                chars.next();
                tokens.push(Token::Close);
            }
            ',' => {
                chars.next();
                tokens.push(Token::Comma);
            }
            '=' => {
                chars.next();
                tokens.push(Token::Op(Op::Eq));
            }
            '!' | '<' | '>' => {
                chars.next();
                let equals = chars.next_if_eq(&'=').is_some();
                tokens.push(Token::Op(match (c, equals) {
                    ('!', true) => Op::Ne,
                    ('<', false) => Op::Lt,
                    ('<', true) => Op::Le,
                    ('>', false) => Op::Gt,
                    ('>', true) => Op::Ge,
                    _ => return Err("« ! » seul : « != » attendu".to_owned()),
                }));
            }
            c if c.is_ascii_digit() || c == '-' || c == '.' => {
                let mut text = String::new();
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_digit() || d == '.' || (d == '-' && text.is_empty()) {
                        text.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if text == "." {
                    tokens.push(Token::Dot);
                } else {
                    let number = text
                        .parse::<f64>()
                        .ok()
                        .filter(|n| n.is_finite())
                        .ok_or_else(|| format!("nombre illisible « {text} »"))?;
                    tokens.push(Token::Number(number));
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut word = String::new();
                while let Some(&d) = chars.peek() {
                    if d.is_alphanumeric() || d == '_' || d == '-' || d == ':' {
                        word.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Word(word.to_lowercase()));
            }
            other => return Err(format!("caractère « {other} » non compris")),
        }
    }
    Ok(tokens)
}

fn describe(token: &Token) -> String {
    match token {
        Token::Ref(name) => format!("${{{name}}}"),
        Token::Dot => ".".to_owned(),
        Token::Text(text) => format!("'{text}'"),
        Token::Number(n) => n.to_string(),
        Token::Word(word) => word.clone(),
        Token::Op(op) => format!("{op:?}"),
        Token::Open => "(".to_owned(),
        Token::Close => ")".to_owned(),
        Token::Comma => ",".to_owned(),
    }
}

struct Parser {
    tokens: Vec<Token>,
    position: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.position).cloned();
        self.position = self.position.saturating_add(1);
        token
    }

    fn expect(&mut self, wanted: &Token, what: &str) -> Result<(), String> {
        match self.next() {
            Some(token) if &token == wanted => Ok(()),
            Some(token) => Err(format!("{what} attendu, « {} » trouvé", describe(&token))),
            None => Err(format!("{what} attendu en fin d'expression")),
        }
    }

    fn word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w == word)
    }

    fn or(&mut self) -> Result<Expr, String> {
        self.depth = self.depth.saturating_add(1);
        if self.depth > MAX_DEPTH {
            return Err("expression trop imbriquée".to_owned());
        }
        let mut parts = vec![self.and()?];
        while self.word("or") {
            self.next();
            parts.push(self.and()?);
        }
        self.depth = self.depth.saturating_sub(1);
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Any(parts)
        })
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut parts = vec![self.unary()?];
        while self.word("and") {
            self.next();
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::All(parts)
        })
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.word("not") {
            self.next();
            self.expect(&Token::Open, "« ( » après not")?;
            let inner = self.or()?;
            self.expect(&Token::Close, "« ) »")?;
            return Ok(Expr::Not(Box::new(inner)));
        }
        if self.word("selected") {
            self.next();
            self.expect(&Token::Open, "« ( » après selected")?;
            let question = self.reference()?;
            self.expect(&Token::Comma, "« , »")?;
            let value = match self.next() {
                Some(Token::Text(text)) => text,
                Some(Token::Number(n)) => number_text(n),
                _ => return Err("selected() attend une valeur entre guillemets".to_owned()),
            };
            self.expect(&Token::Close, "« ) »")?;
            return Ok(Expr::Selected { question, value });
        }
        if self.peek() == Some(&Token::Open) {
            self.next();
            let inner = self.or()?;
            self.expect(&Token::Close, "« ) »")?;
            return Ok(inner);
        }
        let left = self.operand()?;
        let op = match self.next() {
            Some(Token::Op(op)) => op,
            Some(token) => {
                return Err(format!(
                    "comparaison attendue après l'opérande, « {} » trouvé",
                    describe(&token)
                ))
            }
            None => return Err("comparaison attendue en fin d'expression".to_owned()),
        };
        let right = self.operand()?;
        Ok(Expr::Compare { left, op, right })
    }

    fn reference(&mut self) -> Result<String, String> {
        match self.next() {
            Some(Token::Ref(name)) => Ok(name),
            Some(Token::Dot) => Ok(".".to_owned()),
            _ => Err("référence ${nom} attendue".to_owned()),
        }
    }

    fn operand(&mut self) -> Result<Operand, String> {
        match self.next() {
            Some(Token::Ref(name)) => Ok(Operand::Question(name)),
            Some(Token::Dot) => Ok(Operand::Question(".".to_owned())),
            Some(Token::Text(text)) => Ok(Operand::Text(text)),
            Some(Token::Number(n)) => Ok(Operand::Number(n)),
            Some(Token::Word(function))
                if function == "string-length" || function == "count-selected" =>
            {
                self.expect(&Token::Open, "« ( »")?;
                let question = self.reference()?;
                self.expect(&Token::Close, "« ) »")?;
                Ok(if function == "string-length" {
                    Operand::StringLength(question)
                } else {
                    Operand::CountSelected(question)
                })
            }
            Some(Token::Word(function)) => {
                Err(format!("fonction ou mot « {function} » non pris en charge"))
            }
            Some(token) => Err(format!("« {} » inattendu", describe(&token))),
            None => Err("expression incomplète".to_owned()),
        }
    }
}

/// `3` for 3.0, `2.5` for 2.5: how a number reads as an option code.
pub fn number_text(n: f64) -> String {
    format!("{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(q: &str, v: &str) -> Expr {
        Expr::Selected {
            question: q.into(),
            value: v.into(),
        }
    }

    #[test]
    fn the_usual_relevants() {
        assert_eq!(parse("selected(${q}, 'x')").unwrap(), sel("q", "x"));
        assert_eq!(parse("selected (${q} ,’x’)").unwrap(), sel("q", "x"));
        assert_eq!(
            parse("not(selected(${skip_to_end}, 'yes'))").unwrap(),
            Expr::Not(Box::new(sel("skip_to_end", "yes")))
        );
        assert_eq!(
            parse("${a} = 'x' or ${a}='y'").unwrap(),
            Expr::Any(vec![
                Expr::Compare {
                    left: Operand::Question("a".into()),
                    op: Op::Eq,
                    right: Operand::Text("x".into())
                },
                Expr::Compare {
                    left: Operand::Question("a".into()),
                    op: Op::Eq,
                    right: Operand::Text("y".into())
                },
            ])
        );
        assert_eq!(
            parse(". >= 1 and . <= 10").unwrap(),
            Expr::All(vec![
                Expr::Compare {
                    left: Operand::Question(".".into()),
                    op: Op::Ge,
                    right: Operand::Number(1.0)
                },
                Expr::Compare {
                    left: Operand::Question(".".into()),
                    op: Op::Le,
                    right: Operand::Number(10.0)
                },
            ])
        );
        assert_eq!(
            parse("string-length(.) <= 200").unwrap(),
            Expr::Compare {
                left: Operand::StringLength(".".into()),
                op: Op::Le,
                right: Operand::Number(200.0)
            }
        );
    }

    #[test]
    fn what_is_not_understood_is_said() {
        let error = parse("regex(${address}, '[a-z]+')").unwrap_err();
        assert!(error.contains("regex"), "{error}");
        assert!(parse("selected(${q}, 'x'").is_err());
        assert!(parse("${q} = 'x").is_err());
        assert!(parse(&"(".repeat(100)).is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]
        /// Any text in a `relevant` cell: an expression or a French reason, never a panic.
        #[test]
        fn any_text_parses_or_says_why(text in "\\PC{0,80}") {
            let _ = parse(&text);
        }

        #[test]
        fn expression_like_text_parses_or_says_why(
            text in "(\\$\\{[a-z]{1,3}\\}|not|and|or|selected|\\(|\\)|,|'[a-z]{0,2}'|[0-9.-]{1,3}|[=!<>]{1,2}| ){0,20}"
        ) {
            let _ = parse(&text);
        }
    }
}
