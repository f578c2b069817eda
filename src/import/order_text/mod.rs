//! Reading an amendment order from its text, as copied from an official
//! portal or a legal database, into an [`Order`].
//!
//! The reader finds the act's metadata in the header («к приказу Минтруда
//! России от «29» августа 2014 г. № 587», a capitals header with
//! «РАСПОРЯЖЕНИЕ», «03.04. 2017» and «№ 149»), the clause on when the order
//! takes effect, the plan (and edition) it amends, and its changes — one
//! [`Operation`] per formula, in the order given, each
//! with the number of the order's point that made it.
//!
//! What it reads, it reads exactly; what it cannot read it reports as an
//! [`OrderDiagnostic`] with the line, the column (in characters) and the
//! sentence. What it had to assume (an effective date that depends on a
//! publication date the text does not give, a column counted by number)
//! is listed in [`OrderImport::assumptions`].
//!
//! # Formulas
//!
//! | formula | operation |
//! |---|---|
//! | «в пункте 10 [в графе «X»] слово/слова/цифры «A» заменить словом/словами/цифрами «B»» (also «заменить на», «слова: «A»», «вместо слов «A» читать «B»») | `replace_words` |
//! | «цифры «a», «b» заменить соответственно цифрами «c», «d»» | one `replace_words` per pair |
//! | «по всему тексту», «в плане …», «в приложении …» | `items: "all"` |
//! | «после слов «A» дополнить словами «B»», «перед словами …» | `insert_words` |
//! | «графу «Срок» пункта 5 дополнить словами «B»» (at the end of the cell, абзац or footnote; needs a column) | `insert_words` at `"end"` |
//! | «слова «A» исключить» | `delete_words` |
//! | «пункт(ы) … изложить в следующей (новой) редакции: «…»» | `restate_item` from the table text |
//! | «графу «X» пункта N изложить …» / «в пункте N графу …» | `restate_cell` |
//! | «в абзаце втором графы «X» пункта N слова …» | the word operations with `paragraph` |
//! | «абзац(ы) второй (и третий) графы «X» пункта N изложить …», «… дополнить абзацем (абзацами) …» (after «после абзаца второго», «перед абзацем первым», or «абзацем третьим»), «абзац третий … исключить / признать утратившим силу» | `restate_paragraph`, `add_paragraph`, `delete_paragraph` |
//! | «в сноске 1 слова …», «сноску 2 дополнить словами …» | the word operations with `{"footnote": "1"}` |
//! | «наименование раздела II изложить …», «раздел II изложить …: «II. …»» (the heading alone) | `restate_section` |
//! | «строку N пункта M изложить …», «дополнить строкой», «строку … исключить» | `restate_row`, `add_row`, `remove_row` |
//! | «дополнить пунктом/пунктами/подпунктом N следующего содержания: «…»» (after «после пункта …», before «перед пунктом …», at the end of «раздел II дополнить …», or after the number before it) | `add_item` |
//! | «дополнить разделом XI следующего содержания: «XI. …»» (after «после раздела …», right before «перед разделом …», after the number before it for «V.1», else at the end) | `add_section` (and its items) |
//! | «дополнить сноской/сносками …», «сноску N изложить …», «сноску N исключить» | footnote operations |
//! | «пункт N исключить», «пункты 5–7 исключить» | `exclude_item` |
//! | «пункт N признать утратившим силу» | `repeal_item` |
//! | «пункты 5–7 считать соответственно пунктами 6–8» | `renumber` |
//! | «позицию, касающуюся …, исключить / изложить …» (needs a plan) | by the row found |
//! | «Внести изменение в план …, заменив / изложив / дополнив / исключив …» | the gerund's formula |
//!
//! Addresses may come in any order («в графе 5 пункта 1.1», «в пункте 1 в
//! графе 3», «в графе «Срок» подпункта 2 пункта 1.1 раздела «…»»), and
//! numbered and lettered sub-points inherit the address of the point above
//! them («1. В пункте 5: а) …; б) …»).

mod build;
mod effect;
mod files;
mod grammar;
mod header;
mod layout;
mod quotes;
mod source;
mod table;
mod tokens;

pub(crate) use files::{bundle_diagnostics, load_for_bundle};
pub use files::{edition_warnings, read_order_file};

use crate::act::{Act, ActKind};
use crate::operation::Operation;
use crate::order::{EffectiveAssumption, Order};
use crate::plan::Plan;
use build::{Builder, Loc};
use chrono::NaiveDate;
use grammar::{Verb, verb};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use source::{Notes, Source};
use std::fmt;
use std::ops::Range;
use tokens::{Kind, Token, tokenize};

/// How bad a diagnostic is.
///
/// # Example
/// ```
/// use planver::import::{read_order, OrderReadOptions, Severity};
/// let import = read_order("к приказу Минтруда России от 29.08.2014 № 587\n\n1. Пункт 5 исключить.", &OrderReadOptions::new());
/// assert!(import.diagnostics.iter().all(|d| d.severity != Severity::Error));
/// assert_eq!(import.assumptions[0].severity, Severity::Note);
/// assert_eq!(Severity::Warning.to_string(), "warning");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Text that should be a change or a fact but could not be read; the
    /// order is incomplete.
    Error,
    /// Something odd that the reader read around (a stray quote, an item
    /// the plan does not have).
    Warning,
    /// An assumption the reader made, to be shown wherever its result is.
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// Something the order reader could not read, found odd, or assumed, with
/// its place in the source text.
///
/// # Example
/// ```
/// use planver::import::{read_order, OrderReadOptions, Severity};
/// let text = "к приказу Минтруда России от 29.08.2014 № 587\n\n\
///             1. В пункте 10 слова «А» переписать.\n";
/// let import = read_order(text, &OrderReadOptions::new());
/// let d = &import.diagnostics[0];
/// assert_eq!(d.severity, Severity::Error);
/// assert_eq!((d.line, d.column), (3, 26));
/// assert_eq!(d.to_string(), "line 3, column 26: error: not understood: «переписать» does not fit the formula: «В пункте 10 слова «А» переписать.»");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDiagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// 1-based line of the source text.
    pub line: usize,
    /// 1-based column, in characters (not bytes).
    pub column: usize,
    /// How many characters the diagnostic concerns, on its line (at least 1).
    pub length: usize,
    /// What is wrong, or what was assumed.
    pub message: String,
    /// The sentence (formula) it is about, on one line; long ones are cut
    /// with «…».
    pub sentence: String,
}

impl fmt::Display for OrderDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}: {}",
            self.line, self.column, self.severity, self.message
        )?;
        if !self.sentence.is_empty() {
            write!(f, ": «{}»", self.sentence)?;
        }
        Ok(())
    }
}

/// Facts about an order given beside its text: the `<order>.meta.json`
/// side file of a bundle, or `--meta` on the command line. Every field is
/// optional; what is given overrides what the text says.
///
/// # Example
/// ```
/// let meta: planver::import::OrderMeta = serde_json::from_str(
///     r#"{"published": "2018-03-05", "issuer": "Департамента социальной защиты населения Томской области"}"#,
/// )?;
/// assert_eq!(meta.published.unwrap().to_string(), "2018-03-05");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderMeta {
    /// The date of official publication (дата официального опубликования),
    /// when the effective date depends on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    /// The date the order takes effect, overriding the clause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<NaiveDate>,
    /// The kind of act.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActKind>,
    /// The issuer, in the genitive case («Минтруда России»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The act's number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The date signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The act's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The plan and edition amended, as the preamble would say it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amends: Option<String>,
}

/// What [`read_order`] may use besides the text: a plan to resolve and
/// check targets and columns against, and facts given beside the text.
///
/// # Example
/// ```
/// # fn main() -> Result<(), planver::Error> {
/// use planver::import::{OrderMeta, OrderReadOptions};
/// let bundle = planver::Bundle::load("fixtures/mintrud-2013-342")?;
/// let options = OrderReadOptions::new()
///     .plan(&bundle.plan)
///     .meta(OrderMeta { published: "2014-09-05".parse().ok(), ..OrderMeta::default() });
/// assert!(options.plan.is_some());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct OrderReadOptions<'a> {
    /// The plan the order amends. With it, columns are checked (an unknown
    /// column is an error), items are checked (an unknown one is a warning:
    /// an earlier order may add it), restated cells are keyed by column id,
    /// and «позиция, касающаяся …» is found. Without it, cells are keyed by
    /// column number.
    pub plan: Option<&'a Plan>,
    /// Facts given beside the text.
    pub meta: OrderMeta,
}

impl<'a> OrderReadOptions<'a> {
    /// No plan, no facts beside the text.
    ///
    /// # Example
    /// ```
    /// let options = planver::import::OrderReadOptions::new();
    /// assert!(options.plan.is_none() && options.meta == Default::default());
    /// ```
    pub fn new() -> OrderReadOptions<'a> {
        OrderReadOptions::default()
    }

    /// Resolves and checks against this plan.
    ///
    /// # Example
    /// ```
    /// # fn main() -> Result<(), planver::Error> {
    /// use planver::import::{read_order, OrderReadOptions};
    /// let bundle = planver::Bundle::load("fixtures/mintrud-2013-342")?;
    /// let text = "к приказу Минтруда России от 01.12.2014 № 700\n\n\
    ///             1. В пункте 10 в графе «Срок» слова «А» заменить словами «Б».";
    /// let import = read_order(text, &OrderReadOptions::new().plan(&bundle.plan));
    /// assert!(import.errors().any(|d| d.message.contains("no column «Срок»")));
    /// # Ok(()) }
    /// ```
    pub fn plan(mut self, plan: &'a Plan) -> OrderReadOptions<'a> {
        self.plan = Some(plan);
        self
    }

    /// Uses these facts beside the text.
    ///
    /// # Example
    /// ```
    /// use planver::import::{read_order, OrderMeta, OrderReadOptions};
    /// let text = "к приказу Минтруда России от 29.08.2014 № 587\n\n1. Пункт 5 исключить.\n\
    ///             2. Настоящий приказ вступает в силу со дня его официального опубликования.";
    /// let meta = OrderMeta { published: "2014-09-05".parse().ok(), ..OrderMeta::default() };
    /// let import = read_order(text, &OrderReadOptions::new().meta(meta));
    /// assert_eq!(import.order.effective_date().to_string(), "2014-09-05");
    /// ```
    pub fn meta(mut self, meta: OrderMeta) -> OrderReadOptions<'a> {
        self.meta = meta;
        self
    }
}

/// What [`read_order`] read: the order, what it could not read, and what it
/// assumed.
///
/// When [`has_errors`](OrderImport::has_errors) is true the order is
/// incomplete — a change or a fact of the act could not be read — and must
/// not be applied. An act whose kind, number or date is missing has them
/// empty (the date then is 1 January 1 CE).
#[derive(Debug, Clone, PartialEq)]
pub struct OrderImport {
    /// The order read.
    pub order: Order,
    /// Errors and warnings, by line and column.
    pub diagnostics: Vec<OrderDiagnostic>,
    /// Assumptions the reader made (severity [`Severity::Note`]), by line
    /// and column: say them wherever their results are shown.
    pub assumptions: Vec<OrderDiagnostic>,
    /// Where the text names the plan and edition it amends, as 1-based
    /// line and column; `None` when it does not.
    pub amends_at: Option<(usize, usize)>,
}

impl OrderImport {
    /// True when any diagnostic is an error.
    ///
    /// # Example
    /// ```
    /// use planver::import::{read_order, OrderReadOptions};
    /// let import = read_order("просто текст", &OrderReadOptions::new());
    /// assert!(import.has_errors());
    /// ```
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The errors only.
    ///
    /// # Example
    /// ```
    /// use planver::import::{read_order, OrderReadOptions};
    /// let import = read_order("просто текст", &OrderReadOptions::new());
    /// assert!(import.errors().count() >= 1);
    /// ```
    pub fn errors(&self) -> impl Iterator<Item = &OrderDiagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

/// Reads an amendment order from its text.
///
/// Never fails and never panics: what cannot be read is an error in
/// [`OrderImport::diagnostics`], with its place.
///
/// # Example
/// ```
/// use planver::import::{read_order, OrderReadOptions};
/// use planver::Operation;
/// let text = "\
/// к приказу Минтруда России
/// от «29» августа 2014 г. № 587
///
/// 1. В пунктах 10, 11 в графе «Ответственный исполнитель» слово «И.В. Никитина» заменить словом «Ф.И. Воронин».
/// 2. Пункт 12 признать утратившим силу.
/// ";
/// let import = read_order(text, &OrderReadOptions::new());
/// assert!(!import.has_errors(), "{:?}", import.diagnostics);
/// let order = &import.order;
/// assert_eq!(order.act.citation(), "приказа Минтруда России от 29.08.2014 № 587");
/// assert_eq!(order.operations.len(), 2);
/// let Operation::ReplaceWords { items, column, from, to, point, .. } = &order.operations[0] else { panic!() };
/// assert_eq!(point.as_deref(), Some("1"));
/// assert_eq!(column.as_deref(), Some("Ответственный исполнитель"));
/// assert_eq!((from.as_str(), to.as_str()), ("И.В. Никитина", "Ф.И. Воронин"));
/// assert_eq!(serde_json::to_string(items).unwrap(), r#"["10","11"]"#);
/// // No clause on taking effect: the date signed, said as an assumption.
/// assert_eq!(order.effective_date().to_string(), "2014-08-29");
/// assert!(import.assumptions[0].message.contains("date signed"));
/// ```
pub fn read_order(text: &str, options: &OrderReadOptions) -> OrderImport {
    // A byte-order mark is invisible in editors: columns count from after it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = Source::new(text);
    let mut notes = Notes::new(&source);
    let quotes = quotes::scan(&source, &mut notes);
    let paras = layout::paragraphs(&source, &quotes);
    let mut reader = Reader {
        text,
        quotes: &quotes,
        plan: options.plan,
        operations: Vec::new(),
        contexts: vec![Loc::default(); paras.len()],
        amends: None,
        effect: None,
        plain: Vec::new(),
        added: Vec::new(),
        changes_seen: false,
    };
    for (idx, para) in paras.iter().enumerate() {
        reader.paragraph(idx, para, &mut notes);
    }
    let order = reader.finish(options, &source, &mut notes);
    let amends_at = order.1.map(|at| source.line_col(at));
    if notes.suppressed > 0 {
        let n = notes.suppressed;
        notes.suppressed = 0;
        let end = text.len();
        notes.diagnostics.push(OrderDiagnostic {
            severity: Severity::Error,
            line: source.line_col(end).0,
            column: source.line_col(end).1,
            length: 1,
            message: format!(
                "{n} more diagnostics left out after the first {}",
                source::LIMIT
            ),
            sentence: String::new(),
        });
    }
    let mut diagnostics = notes.diagnostics;
    diagnostics.sort_by_key(|d| (d.line, d.column));
    diagnostics.dedup();
    let mut assumptions = notes.assumptions;
    assumptions.sort_by_key(|d| (d.line, d.column));
    assumptions.dedup();
    OrderImport {
        order: order.0,
        diagnostics,
        assumptions,
        amends_at,
    }
}

/// What kind of paragraph.
enum Class {
    /// «вступает в силу …», «распространяется на правоотношения …»
    Effect,
    /// «Контроль … оставляю за собой», «Опубликовать …»
    Closing,
    /// «Внести в план … следующие изменения:», or the gerund form with its
    /// formula starting at the token given.
    Intro { gerund: Option<usize> },
    /// «Утвердить прилагаемые изменения, которые вносятся в …»
    Approve,
    /// A formula.
    Change,
    /// A header, a title, a signature.
    Plain,
}

struct Reader<'r> {
    text: &'r str,
    quotes: &'r [quotes::Quote],
    plan: Option<&'r Plan>,
    operations: Vec<Operation>,
    contexts: Vec<Loc>,
    /// The plan and edition amended: text, bytes, and how sure (higher wins).
    amends: Option<(String, Range<usize>, u8)>,
    effect: Option<(effect::Effect, Range<usize>)>,
    /// Paragraphs that are not changes, for the header.
    plain: Vec<Range<usize>>,
    added: Vec<String>,
    changes_seen: bool,
}

fn words<'a>(tokens: &'a [Token<'_>]) -> impl Iterator<Item = &'a str> {
    tokens.iter().filter_map(Token::word)
}

/// True when the words `seq` follow one another among the tokens.
fn has_seq(tokens: &[Token], seq: &[&str]) -> bool {
    let Some((first, rest)) = seq.split_first() else {
        return true;
    };
    tokens.iter().enumerate().any(|(i, t)| {
        t.is_word(first)
            && rest
                .iter()
                .enumerate()
                .all(|(k, w)| tokens.get(i + 1 + k).is_some_and(|t| t.is_word(w)))
    })
}

fn classify(tokens: &[Token]) -> Class {
    let first = tokens.first().and_then(Token::word).unwrap_or("");
    let takes_effect = tokens.iter().enumerate().any(|(i, t)| {
        t.word().is_some_and(|w| {
            w.starts_with("вступа") || w.starts_with("вступит") || w.starts_with("вступил")
        }) && tokens.get(i + 1).is_some_and(|t| t.is_word("в"))
            && tokens.get(i + 2).is_some_and(|t| t.is_word("силу"))
    });
    let retro = words(tokens).any(|w| w == "правоотношения" || w == "правоотношениям");
    let has_verb = words(tokens).any(|w| verb(w).is_some());
    if (takes_effect || retro)
        && !(has_verb && first != "настоящий" && first != "настоящее" && first != "настоящая")
    {
        return Class::Effect;
    }
    if first == "внести" || first == "внесите" {
        let gerund = tokens
            .iter()
            .position(|t| t.word().and_then(verb).is_some_and(|(_, g)| g));
        return Class::Intro { gerund };
    }
    if first == "утвердить" && words(tokens).any(|w| w.starts_with("изменени")) {
        return Class::Approve;
    }
    let closing = matches!(
        first,
        "контроль"
            | "опубликовать"
            | "разместить"
            | "направить"
            | "ознакомить"
            | "остальной"
            | "остальные"
            | "возложить"
            | "обеспечить"
    ) || first.starts_with("настоящ")
        || has_seq(tokens, &["оставляю", "за", "собой"])
        || has_seq(tokens, &["оставить", "без", "изменения"])
        || has_seq(tokens, &["без", "изменений"]) && !has_verb;
    if closing {
        return Class::Closing;
    }
    if has_verb {
        return Class::Change;
    }
    Class::Plain
}

/// Splits a paragraph's tokens into clauses: at «;» and sentence ends, and
/// at a comma after which a new formula starts once the current one has
/// its verb. A semicolon between quoted blocks does not split.
fn split_clauses(tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut has_verb = false;
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        match &t.kind {
            Kind::Punct('(') => depth += 1,
            Kind::Punct(')') => depth = depth.saturating_sub(1),
            Kind::Word(w) if verb(w).is_some() => has_verb = true,
            _ => {}
        }
        let next = tokens.get(i + 1);
        let next_is_quote = matches!(next.map(|t| &t.kind), Some(Kind::Quote(_)));
        let split = depth == 0
            && match &t.kind {
                Kind::Punct(';') => !next_is_quote && next.is_some(),
                Kind::Punct('.') => {
                    next.is_some() && !next_is_quote && starts_formula(tokens, i + 1)
                }
                Kind::Punct(',') => has_verb && starts_formula(tokens, i + 1),
                _ => false,
            };
        if split {
            if i > start {
                out.push(start..i);
            }
            start = i + 1;
            has_verb = false;
        }
        i += 1;
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

/// True when a new formula starts at `i`: an address, an object, an
/// anchor, a verb.
fn starts_formula(tokens: &[Token], i: usize) -> bool {
    let Some(w) = tokens.get(i).and_then(Token::word) else {
        return false;
    };
    let next = tokens.get(i + 1).and_then(Token::word);
    if w == "а" && next == Some("также") {
        return true;
    }
    if verb(w).is_some() {
        return true;
    }
    if matches!(w, "после" | "перед" | "вместо") {
        return true;
    }
    if w == "по" && next == Some("всему") {
        return true;
    }
    if (w == "в" || w == "во")
        && next
            .and_then(grammar::unit_form)
            .is_some_and(|(u, c)| c & grammar::LOC != 0 && !matches!(u, grammar::Unit::Plan))
    {
        return true;
    }
    if let Some((_, cases)) = grammar::unit_form(w) {
        return cases & (grammar::ACC | grammar::NOM) != 0;
    }
    false
}

impl<'r> Reader<'r> {
    fn paragraph(&mut self, idx: usize, para: &layout::Para, notes: &mut Notes) {
        let body = para.body_range();
        let tokens = tokenize(self.text, body.clone(), self.quotes);
        let outer = para
            .parent
            .map(|p| self.contexts[p].clone())
            .unwrap_or_default();
        self.contexts[idx] = outer.clone();
        let point = para.label.as_deref();
        match classify(&tokens) {
            Class::Effect => {
                let text = &self.text[body.clone()];
                if let Some(e) = effect::read(text) {
                    if self.effect.is_some() {
                        notes.warning(
                            body.clone(),
                            body.clone(),
                            "a second clause on taking effect: the first one is used",
                        );
                    } else {
                        self.effect = Some((e, body));
                    }
                }
            }
            Class::Closing => {}
            Class::Approve => {
                if let Some((x, span)) = after_v(
                    self.text,
                    body.clone(),
                    &["вносятся в ", "вносимые в ", "вносимых в "],
                ) {
                    self.set_amends(x, span, 2);
                }
            }
            Class::Intro { gerund } => {
                self.changes_seen = true;
                self.intro(idx, &tokens, gerund, notes);
                if let Some(g) = gerund {
                    self.formulas(&tokens[g..], &outer, point, notes);
                }
            }
            Class::Change => {
                self.changes_seen = true;
                let loc = self.formulas(&tokens, &outer, point, notes);
                if let Some(loc) = loc {
                    self.contexts[idx] = loc;
                }
            }
            Class::Plain => {
                if para.mark.is_some() {
                    let tokens_here = !tokens.is_empty();
                    // A numbered point that is only an address («1. В пункте 5:»)
                    // heads the points under it.
                    if tokens_here && self.text[body.clone()].trim_end().ends_with(':') {
                        let clause = grammar::clause(&tokens);
                        let builder = self.builder(notes);
                        match builder.clause_loc(&clause, &outer) {
                            Ok(loc) if clause.unknown.is_empty() && !loc.is_empty() => {
                                self.contexts[idx] = loc;
                                return;
                            }
                            Ok(loc)
                                if clause.unknown.is_empty()
                                    && clause.phrases.is_empty()
                                    && clause.all.is_some() =>
                            {
                                self.contexts[idx] = loc;
                                return;
                            }
                            _ => {}
                        }
                    }
                    let clause = grammar::clause(&tokens);
                    let understood = !clause.phrases.is_empty() || !clause.content.is_empty();
                    match clause.unknown.first() {
                        Some(first) if understood => {
                            let word = self.text[first.clone()].to_string();
                            notes.error(
                                first.clone(),
                                body.clone(),
                                format!("not understood: «{word}» does not fit the formula"),
                            );
                        }
                        None if understood => notes.error(
                            body.clone(),
                            body.clone(),
                            "no verb: the formula says neither заменить, исключить, изложить, дополнить, признать утратившим силу nor считать",
                        ),
                        _ => notes.error(
                            body.start..body.start + first_word_len(&self.text[body.clone()]),
                            body.clone(),
                            "a numbered point that is not an amendment formula planver knows",
                        ),
                    }
                } else {
                    if let Some((x, span)) = title_amends(self.text, body.clone()) {
                        self.set_amends(x, span, 1);
                    }
                    self.plain.push(body);
                }
            }
        }
    }

    fn builder<'b, 's, 'a>(&'b self, notes: &'b mut Notes<'s, 'a>) -> Builder<'b, 's, 'a> {
        Builder {
            text: self.text,
            quotes: self.quotes,
            plan: self.plan,
            notes,
            added: Vec::new(),
        }
    }

    fn set_amends(&mut self, text: String, span: Range<usize>, rank: u8) {
        if self.amends.as_ref().is_none_or(|(_, _, r)| rank > *r) && !text.is_empty() {
            self.amends = Some((text, span, rank));
        }
    }

    /// True when the order amends an act («распоряжение …»), not its plan
    /// directly: then only changes said to be in the appendix change the
    /// plan.
    fn amends_act(&self) -> bool {
        self.amends.as_ref().is_some_and(|(a, _, rank)| {
            *rank >= 2
                && a.split_whitespace()
                    .next()
                    .is_some_and(|w| header::act_kind(w).is_some())
        })
    }

    /// «Внести в план …, утвержденный …, следующие изменения:» — the plan
    /// (and edition) amended, or the unit the points below change.
    fn intro(&mut self, idx: usize, tokens: &[Token], gerund: Option<usize>, notes: &mut Notes) {
        let end_all = gerund.unwrap_or(tokens.len());
        let Some(v) = tokens[..end_all]
            .iter()
            .position(|t| t.is_word("в") || t.is_word("во"))
        else {
            return;
        };
        let start = v + 1;
        if let Some((unit, _)) = tokens
            .get(start)
            .and_then(Token::word)
            .and_then(grammar::unit_form)
        {
            if !matches!(unit, grammar::Unit::Plan | grammar::Unit::Appendix) && !unit.is_words() {
                let (phrase, _) = grammar::phrase(tokens, start, grammar::Role::Address);
                let outer = self.contexts[idx].clone();
                let builder = self.builder(notes);
                match builder.loc(&phrase.links) {
                    Ok(loc) => self.contexts[idx] = loc.inherit(&outer),
                    Err((at, m)) => notes.error(at, phrase.span(), m),
                }
                return;
            }
        }
        let mut end = start;
        while end < end_all {
            let t = &tokens[end];
            if t.is_punct(':')
                || t.word().is_some_and(|w| {
                    matches!(
                        w,
                        "следующие" | "следующее" | "изменения" | "изменение" | "согласно"
                    )
                })
            {
                break;
            }
            end += 1;
        }
        while end > start && tokens[end - 1].is_punct(',') {
            end -= 1;
        }
        if end > start {
            let span = tokens[start].span.start..tokens[end - 1].span.end;
            let text = header::joined(&self.text[span.clone()]);
            self.set_amends(text, span, 3);
        }
    }

    /// Reads the clauses of a change; returns the address of the last one.
    fn formulas(
        &mut self,
        tokens: &[Token],
        outer: &Loc,
        point: Option<&str>,
        notes: &mut Notes,
    ) -> Option<Loc> {
        let mut ctx = outer.clone();
        ctx.in_act |= self.amends_act();
        let mut prev_verb: Option<Verb> = None;
        let mut last = None;
        let mut ops = Vec::new();
        let added;
        {
            let taken = std::mem::take(&mut self.added);
            let mut builder = self.builder(notes);
            builder.added = taken;
            for range in split_clauses(tokens) {
                let clause = grammar::clause(&tokens[range]);
                let (loc, v) = builder.clause(&clause, &ctx, prev_verb, point, &mut ops);
                if let Some(loc) = loc {
                    ctx = loc.clone();
                    last = Some(loc);
                }
                prev_verb = v.or(prev_verb);
            }
            added = builder.added;
        }
        self.added = added;
        self.operations.extend(ops);
        last
    }

    /// Assembles the order.
    fn finish(
        self,
        options: &OrderReadOptions,
        source: &Source,
        notes: &mut Notes,
    ) -> (Order, Option<usize>) {
        let meta = &options.meta;
        let facts = read_act(self.text, &self.plain, notes);
        let doc = 0..first_line_end(self.text);
        let kind = match (meta.kind, facts.kind) {
            (Some(k), _) => Some(k),
            (None, Some(k)) => Some(k),
            (None, None) => {
                notes.error(doc.clone(), doc.clone(), "the kind of act (приказ, распоряжение, постановление, указ) is not in the header: give it in the meta file");
                None
            }
        };
        let number = match (&meta.number, &facts.number) {
            (Some(n), _) => Some(n.clone()),
            (None, Some((n, _))) => Some(n.clone()),
            (None, None) => {
                notes.error(
                    doc.clone(),
                    doc.clone(),
                    "the act's number («№ …») is not in the header: give it in the meta file",
                );
                None
            }
        };
        let date = match (meta.date, &facts.date) {
            (Some(d), _) => Some(d),
            (None, Some((d, _))) => Some(*d),
            (None, None) => {
                let at = facts.date_problem.clone().unwrap_or(doc.clone());
                notes.error(at.clone(), at, "the date the act was signed is not in the header (or has no month): give it in the meta file");
                None
            }
        };
        let issuer = match (&meta.issuer, &facts.issuer) {
            (Some(i), _) => i.clone(),
            (None, Some(i)) => i.clone(),
            (None, None) => match self.plan {
                Some(plan) => {
                    notes.assume(
                        doc.clone(),
                        doc.clone(),
                        format!(
                            "the issuer is not in the text: taken from the plan's act («{}»)",
                            plan.act.issuer
                        ),
                    );
                    plan.act.issuer.clone()
                }
                None => {
                    notes.error(
                        doc.clone(),
                        doc.clone(),
                        "the issuer of the act is not in the header: give it in the meta file",
                    );
                    String::new()
                }
            },
        };
        let title = meta.title.clone().or(facts.title);
        let act = Act {
            kind: kind.unwrap_or(ActKind::Prikaz),
            issuer,
            number: number.unwrap_or_default(),
            date: date.unwrap_or(NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN)),
            title,
        };
        let (effective, effective_assumed) = self.effective(&act, meta, notes);
        if let Some((a, span, 1)) = &self.amends {
            let first = a.split_whitespace().next().unwrap_or("");
            if header::act_kind(first).is_some() && !self.operations.is_empty() {
                notes.assume(
                    span.clone(),
                    span.clone(),
                    "the title names the act amended, not its plan; the changes are read as changes of the plan",
                );
            }
        }
        let (amends, amends_at) = match (&meta.amends, self.amends) {
            (Some(a), _) => (Some(a.clone()), None),
            (None, Some((a, span, _))) => (Some(a), Some(span.start)),
            (None, None) => (None, None),
        };
        if self.operations.is_empty() && !notes.has_errors() {
            let at = 0..first_line_end(self.text);
            notes.error(
                at.clone(),
                at,
                "no changes found: the text has no amendment formula planver knows",
            );
        }
        let _ = source;
        (
            Order {
                act,
                effective,
                effective_assumed,
                amends,
                operations: self.operations,
            },
            amends_at,
        )
    }

    /// The effective date to store (`None` for the date signed), and the
    /// assumption behind it when the text and its facts do not settle it.
    fn effective(
        &self,
        act: &Act,
        meta: &OrderMeta,
        notes: &mut Notes,
    ) -> (Option<NaiveDate>, Option<EffectiveAssumption>) {
        let signed = act.date;
        let stored = |d: NaiveDate| (d != signed).then_some(d);
        if let Some(d) = meta.effective {
            return (stored(d), None);
        }
        let Some((e, span)) = &self.effect else {
            let at = 0..first_line_end(self.text);
            notes.assume(at.clone(), at, "the text has no clause on taking effect: the order is taken to take effect on the date signed");
            return (None, Some(EffectiveAssumption::NoClause));
        };
        if let Some(counting) = e.counting {
            notes.assume(span.clone(), span.clone(), counting.to_string());
        }
        if e.retroactive_unread {
            notes.error(span.clone(), span.clone(), "the date from which the order applies (распространяется на правоотношения, возникшие с …) was not read");
        }
        if let Some(r) = e.retroactive {
            notes.assume(span.clone(), span.clone(), format!("the order applies from {} (распространяется на правоотношения, возникшие с …): that is its effective date", crate::format_date(r)));
            return (stored(r), None);
        }
        let date = match e.start {
            Some(effect::Start::Date(d)) => stored(d),
            Some(effect::Start::Signed { days }) => {
                stored(signed + chrono::Days::new(days.max(0) as u64))
            }
            Some(effect::Start::Published { days }) => match meta.published {
                Some(p) => stored(p + chrono::Days::new(days.max(0) as u64)),
                None => {
                    notes.assume(
                        span.clone(),
                        span.clone(),
                        "the effective date depends on the date of official publication, which the text does not give: the date signed is used; give «published» in the meta file",
                    );
                    return (
                        None,
                        Some(EffectiveAssumption::PublicationUnknown {
                            days_after: days.max(0).try_into().unwrap_or(u32::MAX),
                        }),
                    );
                }
            },
            None if e.has_start => {
                notes.error(
                    span.clone(),
                    span.clone(),
                    "the clause on taking effect was not understood",
                );
                None
            }
            None => None,
        };
        (date, None)
    }
}

fn first_word_len(text: &str) -> usize {
    text.find(char::is_whitespace).unwrap_or(text.len()).max(1)
}

fn first_line_end(text: &str) -> usize {
    text.find('\n').unwrap_or(text.len())
}

/// The first `n` characters of `text`, lower-cased: enough to test how a
/// paragraph starts without lower-casing all of it.
fn lower_start(text: &str, n: usize) -> String {
    let end = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    tokens::lowercase(&text[..end])
}

/// «… вносимые в X» → X, for the first of `keys` found (case-insensitive).
fn after_v(text: &str, span: Range<usize>, keys: &[&str]) -> Option<(String, Range<usize>)> {
    let para = &text[span.clone()];
    let lower = tokens::lowercase(para);
    for key in keys {
        if let Some(at) = lower.find(key) {
            // Byte offsets of the lower-cased text match the original for
            // Cyrillic and ASCII letters.
            if lower.len() != para.len() {
                return None;
            }
            let start = at + key.len();
            let rest = para[start..].trim_end().trim_end_matches(['.', ':']);
            let x = header::joined(rest);
            return Some((x, span.start + start..span.start + start + rest.len()));
        }
    }
    None
}

/// A title that says what is amended: «Изменения, вносимые в X», «О
/// внесении изменений в X».
fn title_amends(text: &str, span: Range<usize>) -> Option<(String, Range<usize>)> {
    let lower = lower_start(text[span.clone()].trim_start(), 24);
    if lower.starts_with("изменени") {
        return after_v(text, span, &["вносимые в ", "вносятся в ", "в "]);
    }
    if lower.starts_with("о внесении") || lower.starts_with("об изменени") {
        return after_v(
            text,
            span,
            &["изменений в ", "изменения в ", "изменении в "],
        );
    }
    None
}

/// The act's metadata as the header gives it.
#[derive(Default)]
struct ActFacts {
    kind: Option<ActKind>,
    issuer: Option<String>,
    number: Option<(String, Range<usize>)>,
    date: Option<(NaiveDate, Range<usize>)>,
    date_problem: Option<Range<usize>>,
    title: Option<String>,
}

/// Reads the act from the plain paragraphs: a capitals header with the kind
/// of act on its own line, or an appendix stamp («к приказу … от … № …»,
/// «УТВЕРЖДЕНЫ приказом … от … № …»); the title from «О внесении …» or
/// «Изменения, вносимые в …».
fn read_act(text: &str, plain: &[Range<usize>], notes: &mut Notes) -> ActFacts {
    let mut facts = ActFacts::default();
    let mut appendix_title = None;
    for (k, span) in plain.iter().enumerate() {
        let para = &text[span.clone()];
        let joined = header::joined(para);
        // Lower-cased as far as the starts below look; all of it only
        // when a search needs it.
        let lower = lower_start(&joined, 24);
        if facts.title.is_none()
            && (lower.starts_with("о внесении") || lower.starts_with("об изменени"))
        {
            facts.title = Some(joined.clone());
        }
        if appendix_title.is_none()
            && lower.starts_with("изменени")
            && tokens::lowercase(&joined).contains(" в ")
        {
            appendix_title = Some(joined.clone());
        }
        // A capitals header: the kind of act alone on the first line.
        let first_line = para.lines().next().unwrap_or("").trim();
        if facts.kind.is_none() && !first_line.contains(' ') {
            if let Some(kind) = header::act_kind(first_line) {
                if header::is_capitals(first_line)
                    || first_line.chars().next().is_some_and(char::is_uppercase)
                {
                    facts.kind = Some(kind);
                    // The issuer: capitals paragraphs just before.
                    let mut issuer_lines = Vec::new();
                    for prev in plain[..k].iter().rev() {
                        let t = header::joined(&text[prev.clone()]);
                        if header::is_capitals(&t) && header::act_kind(&t).is_none() {
                            issuer_lines.push(t);
                        } else {
                            break;
                        }
                    }
                    issuer_lines.reverse();
                    let printed = issuer_lines.join(" ");
                    if !printed.is_empty() {
                        match header::issuer_genitive(&printed) {
                            Ok(g) => {
                                notes.assume(
                                    plain[k.saturating_sub(1)].clone(),
                                    plain[k.saturating_sub(1)].clone(),
                                    format!(
                                        "the issuer «{printed}» put in the genitive case as «{g}»"
                                    ),
                                );
                                facts.issuer = Some(g);
                            }
                            Err(why) => {
                                notes.warning(plain[k.saturating_sub(1)].clone(), plain[k.saturating_sub(1)].clone(), format!("issuer kept as printed ({why}); give it in the genitive case in the meta file"));
                                facts.issuer = Some(printed);
                            }
                        }
                    }
                    // Date and number: the rest of this paragraph and the next ones.
                    let rest_start = span.start + para.find('\n').unwrap_or(para.len());
                    let mut pieces = Vec::with_capacity(4);
                    pieces.push(rest_start..span.end);
                    pieces.extend(plain[k + 1..].iter().take(3).cloned());
                    for piece in pieces {
                        let t = &text[piece.clone()];
                        if facts.date.is_none() {
                            if let Some((d, r)) = header::find_date(t) {
                                facts.date = Some((d, piece.start + r.start..piece.start + r.end));
                            }
                        }
                        if facts.number.is_none() {
                            if let Some((n, r)) = header::find_number(t) {
                                facts.number =
                                    Some((n, piece.start + r.start..piece.start + r.end));
                            }
                        }
                    }
                    continue;
                }
            }
        }
        // An appendix stamp: «к приказу X от … № …», «УТВЕРЖДЕНЫ приказом X от … № …».
        let stamp_start = if lower.starts_with("к ") {
            Some("к ".len())
        } else if lower.starts_with("приложение") {
            tokens::lowercase(&joined)
                .find(" к ")
                .map(|i| i + " к ".len())
        } else if lower.starts_with("утвержден") {
            joined.find(' ').map(|i| i + 1)
        } else {
            None
        };
        if let Some(rest) = stamp_start.and_then(|at| joined.get(at..)) {
            let rest = rest.replace(['\u{a0}', '\t'], " ");
            let rest = rest.trim_start();
            let kind_word = rest.split_whitespace().next().unwrap_or("");
            let Some(kind) = header::act_kind(kind_word) else {
                continue;
            };
            let after_kind = rest.get(kind_word.len()..).unwrap_or("");
            let (issuer, dated) = match after_kind.find(" от ") {
                Some(at) => (after_kind[..at].trim(), &after_kind[at + " от ".len()..]),
                None => (after_kind.trim(), ""),
            };
            if facts.kind.is_none() {
                facts.kind = Some(kind);
            }
            if facts.issuer.is_none() && !issuer.is_empty() {
                facts.issuer = Some(issuer.to_string());
            }
            if facts.date.is_none() {
                match header::date_at_start(dated) {
                    Some((d, _)) => facts.date = Some((d, span.clone())),
                    None => {
                        // Point at «от», where the date should be.
                        let para = &text[span.clone()];
                        let at = para.find("от ").map_or(span.start, |i| span.start + i);
                        facts.date_problem.get_or_insert(at..span.end);
                    }
                }
            }
            if facts.number.is_none() {
                if let Some((n, _)) = header::find_number(dated) {
                    facts.number = Some((n, span.clone()));
                }
            }
        }
    }
    if facts.title.is_none() {
        facts.title = appendix_title;
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> OrderImport {
        read_order(text, &OrderReadOptions::new())
    }

    #[test]
    fn capitals_header() {
        let import = read(
            "ДЕПАРТАМЕНТ СОЦИАЛЬНОЙ ЗАЩИТЫ НАСЕЛЕНИЯ\nТОМСКОЙ ОБЛАСТИ\n\nРАСПОРЯЖЕНИЕ\n\n15.02.2018\n\n№ 45\n\nО внесении изменений в распоряжение Департамента от 03.04.2017 № 149\n\n1. Пункт 5 исключить.\n2. Настоящее распоряжение вступает в силу со дня его подписания.\n3. Контроль за исполнением настоящего распоряжения оставляю за собой.\n\nНачальник Департамента М.А. Киньякина\n",
        );
        assert!(!import.has_errors(), "{:#?}", import.diagnostics);
        let act = &import.order.act;
        assert_eq!(
            act.citation(),
            "распоряжения Департамента социальной защиты населения Томской области от 15.02.2018 № 45"
        );
        assert_eq!(
            act.title.as_deref(),
            Some("О внесении изменений в распоряжение Департамента от 03.04.2017 № 149")
        );
        assert_eq!(
            import.order.amends.as_deref(),
            Some("распоряжение Департамента от 03.04.2017 № 149")
        );
        assert_eq!(import.order.effective, None);
        assert_eq!(import.order.operations.len(), 1);
    }

    #[test]
    fn meta_facts_override_and_complete_the_header() {
        let text = "к распоряжению от 15.02.2018 № 45\n\n1. Пункт 5 исключить.\n";
        let bare = read(text);
        assert!(bare.errors().any(|d| d.message.contains("issuer")));
        let meta = OrderMeta {
            issuer: Some("Департамента социальной защиты населения Томской области".into()),
            number: Some("45-р".into()),
            ..OrderMeta::default()
        };
        let import = read_order(text, &OrderReadOptions::new().meta(meta));
        assert!(!import.has_errors(), "{:#?}", import.diagnostics);
        assert_eq!(
            import.order.act.to_string(),
            "распоряжение Департамента социальной защиты населения Томской области от 15.02.2018 № 45-р"
        );
    }

    #[test]
    fn kind_line_with_date_and_number_below() {
        let import = read(
            "ПРАВИТЕЛЬСТВО РОССИЙСКОЙ ФЕДЕРАЦИИ\n\nРАСПОРЯЖЕНИЕ\nот 15 февраля 2018 г. N 45-р\nМОСКВА\n\n1. Пункт 5 исключить.\n",
        );
        assert!(!import.has_errors(), "{:#?}", import.diagnostics);
        assert_eq!(
            import.order.act.citation(),
            "распоряжения Правительства Российской Федерации от 15.02.2018 № 45-р"
        );
    }

    #[test]
    fn clauses_split_at_commas_before_new_formulas() {
        let text = "слова «А» заменить словами «Б», слова «В» – словами «Г»; пункт 5 исключить";
        let source = Source::new(text);
        let mut notes = Notes::new(&source);
        let q = quotes::scan(&source, &mut notes);
        let tokens = tokenize(text, 0..text.len(), &q);
        assert_eq!(split_clauses(&tokens).len(), 3);
    }
}
