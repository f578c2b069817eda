//! The grammar of amendment formulas: the units a formula names (пункт,
//! графа, строка, слова…) in their case forms, the phrases built from them,
//! and clauses — one verb with its object, instrument, address, anchor and
//! new wording — read in whatever order the drafter put them.

use super::tokens::{Kind, Token};
use std::ops::Range;

/// What a phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    /// пункт
    Item,
    /// подпункт
    SubItem,
    /// строка
    Row,
    /// графа
    Column,
    /// абзац
    Paragraph,
    /// позиция
    Position,
    /// сноска
    Footnote,
    /// раздел
    Section,
    /// приложение
    Appendix,
    /// план, «дорожная карта»
    Plan,
    /// наименование
    Title,
    /// текст («по всему тексту», «в тексте»)
    Text,
    /// предложение
    Sentence,
    /// слово, слова
    Words,
    /// цифра, цифры
    Digits,
    /// число
    Numbers,
    /// буква
    Letters,
}

impl Unit {
    /// Units whose references are quoted words.
    pub(super) fn is_words(self) -> bool {
        matches!(
            self,
            Unit::Words | Unit::Digits | Unit::Numbers | Unit::Letters
        )
    }

    /// The unit's name for messages.
    pub(super) fn name(self) -> &'static str {
        match self {
            Unit::Item => "пункт",
            Unit::SubItem => "подпункт",
            Unit::Row => "строка",
            Unit::Column => "графа",
            Unit::Paragraph => "абзац",
            Unit::Position => "позиция",
            Unit::Footnote => "сноска",
            Unit::Section => "раздел",
            Unit::Appendix => "приложение",
            Unit::Plan => "план",
            Unit::Title => "наименование",
            Unit::Text => "текст",
            Unit::Sentence => "предложение",
            Unit::Words => "слова",
            Unit::Digits => "цифры",
            Unit::Numbers => "число",
            Unit::Letters => "буквы",
        }
    }
}

/// Grammatical cases a form can be in, as bits.
pub(super) const NOM: u8 = 1;
pub(super) const ACC: u8 = 2;
pub(super) const GEN: u8 = 4;
pub(super) const DAT: u8 = 8;
pub(super) const INS: u8 = 16;
pub(super) const LOC: u8 = 32;

/// The unit a word names and the cases its form can be in.
pub(super) fn unit_form(word: &str) -> Option<(Unit, u8)> {
    use Unit::*;
    let (unit, rest) = if let Some(r) = word.strip_prefix("подпункт") {
        (SubItem, r)
    } else if let Some(r) = word.strip_prefix("пункт") {
        (Item, r)
    } else if let Some(r) = word.strip_prefix("раздел") {
        (Section, r)
    } else if let Some(r) = word.strip_prefix("абзац") {
        return soft_masculine(r).map(|c| (Paragraph, c));
    } else if let Some(r) = word.strip_prefix("строк") {
        return feminine_k(r).map(|c| (Row, c));
    } else if let Some(r) = word.strip_prefix("сноск") {
        return feminine_k(r).map(|c| (Footnote, c));
    } else if word == "сносок" {
        return Some((Footnote, GEN));
    } else if let Some(r) = word.strip_prefix("граф") {
        return feminine_hard(r).map(|c| (Column, c));
    } else if let Some(r) = word.strip_prefix("цифр") {
        return feminine_hard(r).map(|c| (Digits, c));
    } else if let Some(r) = word.strip_prefix("букв") {
        return feminine_hard(r).map(|c| (Letters, c));
    } else if let Some(r) = word.strip_prefix("позици") {
        return feminine_ia(r).map(|c| (Position, c));
    } else if let Some(r) = word.strip_prefix("приложени") {
        return neuter_ie(r).map(|c| (Appendix, c));
    } else if let Some(r) = word.strip_prefix("наименовани") {
        return neuter_ie(r).map(|c| (Title, c));
    } else if let Some(r) = word.strip_prefix("предложени") {
        return neuter_ie(r).map(|c| (Sentence, c));
    } else if let Some(r) = word.strip_prefix("слов") {
        let c = match r {
            "о" => NOM | ACC,
            "а" => GEN | NOM | ACC,
            "" => GEN,
            "у" => DAT,
            "ом" => INS,
            "ами" => INS,
            "е" => LOC,
            "ах" => LOC,
            _ => return None,
        };
        return Some((Words, c));
    } else if let Some(r) = word.strip_prefix("числ") {
        let c = match r {
            "о" => NOM | ACC,
            "а" => GEN | NOM | ACC,
            "ом" | "ами" => INS,
            "е" | "ах" => LOC,
            _ => return None,
        };
        return Some((Numbers, c));
    } else if let Some(r) = word.strip_prefix("текст") {
        (Text, r)
    } else if let Some(r) = word.strip_prefix("план") {
        (Plan, r)
    } else {
        return None;
    };
    hard_masculine(rest).map(|c| (unit, c))
}

fn hard_masculine(r: &str) -> Option<u8> {
    Some(match r {
        "" => NOM | ACC,
        "а" => GEN,
        "у" => DAT,
        "ом" => INS,
        "е" => LOC,
        "ы" => NOM | ACC,
        "ов" => GEN,
        "ам" => DAT,
        "ами" => INS,
        "ах" => LOC,
        _ => return None,
    })
}

fn soft_masculine(r: &str) -> Option<u8> {
    Some(match r {
        "" => NOM | ACC,
        "а" => GEN,
        "у" => DAT,
        "ем" => INS,
        "е" => LOC,
        "ы" => NOM | ACC,
        "ев" => GEN,
        "ам" => DAT,
        "ами" => INS,
        "ах" => LOC,
        _ => return None,
    })
}

fn feminine_k(r: &str) -> Option<u8> {
    Some(match r {
        "а" => NOM,
        "у" => ACC,
        "и" => GEN | NOM | ACC,
        "е" => DAT | LOC,
        "ой" => INS,
        "" => GEN,
        "ам" => DAT,
        "ами" => INS,
        "ах" => LOC,
        _ => return None,
    })
}

fn feminine_hard(r: &str) -> Option<u8> {
    Some(match r {
        "а" => NOM,
        "у" => ACC,
        "ы" => GEN | NOM | ACC,
        "е" => DAT | LOC,
        "ой" => INS,
        "" => GEN,
        "ам" => DAT,
        "ами" => INS,
        "ах" => LOC,
        _ => return None,
    })
}

fn feminine_ia(r: &str) -> Option<u8> {
    Some(match r {
        "я" => NOM,
        "ю" => ACC,
        "и" => GEN | DAT | LOC | NOM | ACC,
        "ей" => INS,
        "й" => GEN,
        "ям" => DAT,
        "ями" => INS,
        "ях" => LOC,
        _ => return None,
    })
}

fn neuter_ie(r: &str) -> Option<u8> {
    Some(match r {
        "е" => NOM | ACC,
        "я" => GEN | NOM | ACC,
        "ю" => DAT,
        "ем" => INS,
        "и" => LOC,
        "й" => GEN,
        "ям" => DAT,
        "ями" => INS,
        "ях" => LOC,
        _ => return None,
    })
}

/// The verb of a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verb {
    /// заменить, заменив; читать (вместо слов … читать …)
    Replace,
    /// исключить, исключив
    Exclude,
    /// изложить, изложив
    Restate,
    /// дополнить, дополнив
    Add,
    /// признать утратившим силу
    Repeal,
    /// считать (пункты 5–7 считать пунктами 6–8)
    Renumber,
}

/// The verb a word is, with whether it is a gerund (заменив).
pub(super) fn verb(word: &str) -> Option<(Verb, bool)> {
    Some(match word {
        "заменить" | "заменяются" | "заменить," => (Verb::Replace, false),
        "заменив" => (Verb::Replace, true),
        "читать" => (Verb::Replace, false),
        "исключить" | "исключаются" => (Verb::Exclude, false),
        "исключив" => (Verb::Exclude, true),
        "изложить" => (Verb::Restate, false),
        "изложив" => (Verb::Restate, true),
        "дополнить" => (Verb::Add, false),
        "дополнив" => (Verb::Add, true),
        "признать" => (Verb::Repeal, false),
        "признав" => (Verb::Repeal, true),
        "считать" => (Verb::Renumber, false),
        "считая" => (Verb::Renumber, true),
        _ => return None,
    })
}

/// An ordinal word in any form: «второй», «втором», «второго» → 2.
pub(super) fn ordinal(word: &str) -> Option<u32> {
    const STEMS: &[(&str, u32)] = &[
        ("перв", 1),
        ("втор", 2),
        ("трет", 3),
        ("четверт", 4),
        ("пят", 5),
        ("шест", 6),
        ("седьм", 7),
        ("восьм", 8),
        ("девят", 9),
        ("десят", 10),
        ("одиннадцат", 11),
        ("двенадцат", 12),
        ("тринадцат", 13),
        ("четырнадцат", 14),
        ("пятнадцат", 15),
        ("шестнадцат", 16),
        ("семнадцат", 17),
        ("восемнадцат", 18),
        ("девятнадцат", 19),
        ("двадцат", 20),
    ];
    // Every case of the singular («третьим», «третьей») and the plural
    // («абзацы второй и третий» agree in the singular; «третьи» does not).
    const ENDINGS: &[&str] = &[
        "ый", "ой", "ий", "ом", "ем", "ого", "его", "ая", "ую", "ья", "ью", "ьем", "ьего", "ьим",
        "ьей", "ых", "ые", "ым", "ыми", "ьи", "ьих", "ое", "ье",
    ];
    STEMS.iter().find_map(|(stem, n)| {
        let rest = word.strip_prefix(stem)?;
        ENDINGS.contains(&rest).then_some(*n)
    })
}

/// A roman numeral (Cyrillic look-alikes read as Latin): «II», «Х».
pub(super) fn roman(word: &str) -> Option<String> {
    let latin: String = word
        .chars()
        .map(|c| match c {
            'х' | 'Х' => 'X',
            'і' | 'І' => 'I',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    let ok = !latin.is_empty()
        && latin.len() <= 8
        && latin
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
    ok.then_some(latin)
}

/// A reference after a unit word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Ref {
    /// «10», «1.1»
    Num(String),
    /// «5–7»: the first and last numbers.
    Range(String, String),
    /// A quotation: column title, words, sub-item letter, section title.
    Quote(usize),
    /// «второй»
    Ordinal(u32),
    /// «II»
    Roman(String),
    /// «касающаяся …»: the bytes of the words that identify a row.
    About(Range<usize>),
}

/// A reference and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RefAt {
    pub(super) r: Ref,
    pub(super) span: Range<usize>,
}

/// A unit word and its references: «пунктах 10, 11», «графе «Срок»».
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Link {
    pub(super) unit: Unit,
    pub(super) refs: Vec<RefAt>,
    pub(super) span: Range<usize>,
}

/// What a phrase does in its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// «в пункте 10 …», «в графе «Срок» пункта 5»
    Address,
    /// «пункт 10 изложить», «слова «A» заменить»
    Object,
    /// «заменить словами «B»», «дополнить пунктом 5.1», «считать пунктами 6–8»
    Instrument,
    /// «после слов «A»», «после пункта 5»
    After,
    /// «перед словами «A»»
    Before,
    /// «вместо слов «A»»
    Instead,
}

/// A phrase: the head link and the genitive chain after it («графу «Срок»
/// подпункта 2 пункта 1.1 раздела «…»» → графа, подпункт, пункт, раздел).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Phrase {
    pub(super) role: Role,
    pub(super) links: Vec<Link>,
}

impl Phrase {
    pub(super) fn head(&self) -> &Link {
        &self.links[0]
    }

    pub(super) fn span(&self) -> Range<usize> {
        let start = self.links.first().map_or(0, |l| l.span.start);
        let end = self.links.last().map_or(0, |l| l.span.end);
        start..end
    }
}

/// A clause: one formula.
#[derive(Debug, Clone, Default)]
pub(super) struct Clause {
    pub(super) span: Range<usize>,
    pub(super) verb: Option<(Verb, Range<usize>)>,
    pub(super) phrases: Vec<Phrase>,
    /// «по всему тексту»
    pub(super) all: Option<Range<usize>>,
    /// «соответственно»
    pub(super) respectively: bool,
    /// Quotations holding new wording (after «:», «в следующей редакции»,
    /// «следующего содержания»).
    pub(super) content: Vec<usize>,
    /// «в редакции согласно приложению»
    pub(super) annex: Option<Range<usize>>,
    /// Quotations after «на» or «читать»: the new words.
    pub(super) plain_to: Vec<RefAt>,
    /// «во втором случае»
    pub(super) nth: Option<(u32, Range<usize>)>,
    /// A dash standing for a verb left out («слова «C» – словами «D»»).
    pub(super) dash: bool,
    /// Tokens the grammar did not understand.
    pub(super) unknown: Vec<Range<usize>>,
    /// «признать утратившим силу приказ …»: the act named, not a unit.
    pub(super) names_act: Option<Range<usize>>,
    /// The clause names the plan or its appendix («в приложении», «пункта 5
    /// плана»).
    pub(super) names_plan: bool,
    /// «в приложении № 2»: an appendix named by number.
    pub(super) numbered_appendix: Option<Range<usize>>,
    /// «в пункте 2 распоряжения»: a unit of the amended act's own text.
    pub(super) act_text: Option<Range<usize>>,
}

impl Clause {
    pub(super) fn objects(&self) -> impl Iterator<Item = &Phrase> {
        self.phrases.iter().filter(|p| p.role == Role::Object)
    }

    pub(super) fn with_role(&self, role: Role) -> impl Iterator<Item = &Phrase> {
        self.phrases.iter().filter(move |p| p.role == role)
    }
}

/// Words that carry no meaning for the formula.
fn filler(word: &str) -> bool {
    matches!(
        word,
        "и" | "а"
            | "также"
            | "новым"
            | "новыми"
            | "новой"
            | "новую"
            | "нового"
            | "новое"
            | "следующим"
            | "следующими"
            | "дополнительно"
            | "его"
            | "ее"
            | "их"
            | "нем"
            | "ней"
            | "них"
            | "том"
            | "же"
            | "этом"
            | "этого"
            | "того"
            | "настоящего"
            | "указанного"
            | "указанном"
    )
}

/// Reads one clause from its tokens.
pub(super) fn clause(tokens: &[Token]) -> Clause {
    let mut c = Clause {
        span: span_of(tokens),
        ..Clause::default()
    };
    for t in tokens {
        if let Some((Unit::Plan | Unit::Appendix, _)) = t.word().and_then(unit_form) {
            c.names_plan = true;
        }
    }
    let mut i = 0;
    let mut content_open = false;
    while i < tokens.len() {
        let t = &tokens[i];
        match &t.kind {
            Kind::Quote(q) => {
                if content_open
                    || (c.verb.is_some()
                        && matches!(c.verb, Some((Verb::Restate | Verb::Add, _)))
                        && prev_is_colon(tokens, i))
                {
                    c.content.push(*q);
                    content_open = true;
                } else if i > 0 && (tokens[i - 1].is_word("на") || tokens[i - 1].is_word("читать"))
                {
                    let (refs, next) = quote_list(tokens, i);
                    c.plain_to.extend(refs);
                    i = next;
                    continue;
                } else {
                    c.unknown.push(t.span.clone());
                }
                i += 1;
            }
            Kind::Num(_) => {
                c.unknown.push(t.span.clone());
                i += 1;
            }
            Kind::Punct(':') => {
                if c.verb.is_some()
                    || content_open
                    || c.phrases.iter().any(|p| p.role == Role::Instrument)
                {
                    content_open = true;
                }
                i += 1;
            }
            Kind::Punct('(') => {
                i = skip_parenthesis(tokens, i);
            }
            Kind::Punct(',' | ';' | '.' | ')') => i += 1,
            Kind::Punct(_) if t.is_dash() => {
                c.dash = true;
                i += 1;
            }
            Kind::Punct(_) => {
                c.unknown.push(t.span.clone());
                i += 1;
            }
            Kind::Word(w) => {
                i = word(tokens, i, w, &mut c, &mut content_open);
            }
        }
    }
    c
}

fn prev_is_colon(tokens: &[Token], i: usize) -> bool {
    i > 0 && tokens[i - 1].is_punct(':')
}

fn span_of(tokens: &[Token]) -> Range<usize> {
    match (tokens.first(), tokens.last()) {
        (Some(a), Some(b)) => a.span.start..b.span.end,
        _ => 0..0,
    }
}

fn skip_parenthesis(tokens: &[Token], mut i: usize) -> usize {
    let mut depth = 0;
    while i < tokens.len() {
        if tokens[i].is_punct('(') {
            depth += 1;
        } else if tokens[i].is_punct(')') {
            depth -= 1;
            if depth == 0 {
                return i + 1;
            }
        }
        i += 1;
    }
    i
}

fn word_at<'a>(tokens: &'a [Token<'_>], i: usize) -> Option<&'a str> {
    tokens.get(i).and_then(Token::word)
}

/// Handles a word at `i`; returns the index of the next token to read.
fn word(tokens: &[Token], i: usize, w: &str, c: &mut Clause, content_open: &mut bool) -> usize {
    let t = &tokens[i];
    match w {
        "в" | "во" => {
            let next = word_at(tokens, i + 1);
            if let Some((phrase, next)) = ordinal_first(tokens, i + 1, Role::Address, LOC) {
                c.phrases.push(phrase);
                return next;
            }
            if let Some((unit, cases)) = next.and_then(unit_form) {
                if cases & LOC != 0 || (unit == Unit::Text) {
                    if unit == Unit::Text {
                        c.all = Some(t.span.start..tokens[i + 1].span.end);
                        return skip_context(tokens, i + 2);
                    }
                    let (phrase, next) = phrase(tokens, i + 1, Role::Address);
                    if unit == Unit::Appendix && !phrase.head().refs.is_empty() {
                        c.numbered_appendix = Some(phrase.span());
                    }
                    if matches!(unit, Unit::Plan | Unit::Appendix) && phrase.links.len() == 1 {
                        // «в плане мероприятий …», «в приложении к приказу …»:
                        // the whole plan.
                        if c.all.is_none() {
                            c.all = Some(t.span.start..tokens[i + 1].span.end);
                        }
                        return skip_context(tokens, next);
                    }
                    c.phrases.push(phrase);
                    return next;
                }
            }
            match next {
                Some("следующей" | "новой" | "редакции") => {
                    let mut j = i + 1;
                    while word_at(tokens, j)
                        .is_some_and(|w| matches!(w, "следующей" | "новой" | "редакции"))
                    {
                        j += 1;
                    }
                    if word_at(tokens, j) == Some("согласно") {
                        let end = (j + 2).min(tokens.len());
                        c.annex = Some(t.span.start..tokens[end - 1].span.end);
                        return end;
                    }
                    *content_open = true;
                    return j;
                }
                Some(n) if ordinal(n).is_some() && word_at(tokens, i + 2) == Some("случае") =>
                {
                    let k = ordinal(n).unwrap_or(1);
                    c.nth = Some((k, t.span.start..tokens[i + 2].span.end));
                    return i + 3;
                }
                Some("обоих" | "всех") if matches!(word_at(tokens, i + 2), Some("случаях")) =>
                {
                    return i + 3;
                }
                _ => {}
            }
            c.unknown.push(t.span.clone());
            i + 1
        }
        "по" => {
            if word_at(tokens, i + 1) == Some("всему") && word_at(tokens, i + 2) == Some("тексту")
            {
                c.all = Some(t.span.start..tokens[i + 2].span.end);
                return skip_context(tokens, i + 3);
            }
            if word_at(tokens, i + 1) == Some("тексту") {
                c.all = Some(t.span.start..tokens[i + 1].span.end);
                return skip_context(tokens, i + 2);
            }
            c.unknown.push(t.span.clone());
            i + 1
        }
        "после" | "перед" => {
            let role = if w == "после" {
                Role::After
            } else {
                Role::Before
            };
            if let Some((phrase, next)) = ordinal_first(tokens, i + 1, role, GEN | INS) {
                c.phrases.push(phrase);
                return next;
            }
            if word_at(tokens, i + 1).and_then(unit_form).is_some() {
                let (phrase, next) = phrase(tokens, i + 1, role);
                c.phrases.push(phrase);
                return next;
            }
            c.unknown.push(t.span.clone());
            i + 1
        }
        "вместо" => {
            if word_at(tokens, i + 1)
                .and_then(unit_form)
                .is_some_and(|(u, _)| u.is_words())
            {
                let (phrase, next) = phrase(tokens, i + 1, Role::Instead);
                c.phrases.push(phrase);
                return next;
            }
            c.unknown.push(t.span.clone());
            i + 1
        }
        "на" => {
            // «заменить на слова «B»», «заменить на «B»».
            if let Some((unit, _)) = word_at(tokens, i + 1).and_then(unit_form) {
                if unit.is_words() {
                    let (phrase, next) = phrase(tokens, i + 1, Role::Instrument);
                    c.phrases.push(phrase);
                    return next;
                }
            }
            if matches!(tokens.get(i + 1).map(|t| &t.kind), Some(Kind::Quote(_))) {
                return i + 1;
            }
            c.unknown.push(t.span.clone());
            i + 1
        }
        "соответственно" => {
            c.respectively = true;
            i + 1
        }
        "следующего" | "следующих" if matches!(word_at(tokens, i + 1), Some("содержания")) =>
        {
            *content_open = true;
            i + 2
        }
        "согласно" if matches!(word_at(tokens, i + 1), Some(w) if w.starts_with("приложени")) =>
        {
            let end = (i + 2).min(tokens.len());
            c.annex = Some(t.span.start..tokens[end - 1].span.end);
            end
        }
        "утратившим" | "утратившими" | "силу" | "утратившей" => {
            i + 1
        }
        _ => {
            if let Some((v, _)) = verb(w) {
                if c.verb.is_none() {
                    c.verb = Some((v, t.span.clone()));
                } else {
                    c.unknown.push(t.span.clone());
                }
                if w == "читать" {
                    if let Some(Kind::Quote(_)) = tokens.get(i + 1).map(|t| &t.kind) {
                        let (refs, next) = quote_list(tokens, i + 1);
                        c.plain_to.extend(refs);
                        return next;
                    }
                }
                return i + 1;
            }
            if let Some((_, cases)) = word_at(tokens, i + 1)
                .filter(|_| ordinal(w).is_some())
                .and_then(unit_form)
            {
                let role = if cases & INS != 0 && cases & (ACC | NOM) == 0 {
                    Role::Instrument
                } else {
                    Role::Object
                };
                if let Some((phrase, next)) = ordinal_first(tokens, i, role, cases) {
                    c.phrases.push(phrase);
                    return next;
                }
            }
            if let Some((_, cases)) = unit_form(w) {
                let role = if cases & INS != 0 && cases & (ACC | NOM) == 0 {
                    Role::Instrument
                } else if cases & (ACC | NOM) != 0 {
                    Role::Object
                } else {
                    c.unknown.push(t.span.clone());
                    return i + 1;
                };
                let (phrase, next) = phrase(tokens, i, role);
                c.phrases.push(phrase);
                return next;
            }
            if crate::import::order_text::header::act_kind(w).is_some()
                && c.verb.as_ref().is_some_and(|(v, _)| *v == Verb::Repeal)
            {
                c.names_act = Some(t.span.start..c.span.end);
                return tokens.len();
            }
            if crate::import::order_text::header::act_kind(w).is_some() {
                // «пункт 2 распоряжения»: the act's own text.
                c.act_text = Some(t.span.clone());
                return skip_context(tokens, i + 1);
            }
            if filler(w) {
                return i + 1;
            }
            c.unknown.push(t.span.clone());
            i + 1
        }
    }
}

/// After «в плане мероприятий …» or «в приложении к приказу …»: skips the
/// name up to what starts the formula proper.
fn skip_context(tokens: &[Token], mut i: usize) -> usize {
    while i < tokens.len() {
        let t = &tokens[i];
        match &t.kind {
            Kind::Punct(',' | ':' | ';') => return i,
            Kind::Punct('(') => {
                i = skip_parenthesis(tokens, i);
                continue;
            }
            Kind::Word(w) => {
                if verb(w).is_some() || matches!(w.as_ref(), "после" | "перед" | "вместо" | "по")
                {
                    return i;
                }
                if let Some((unit, _)) = unit_form(w) {
                    if !matches!(unit, Unit::Plan | Unit::Appendix) {
                        return i;
                    }
                }
                if (w == "в" || w == "во")
                    && word_at(tokens, i + 1)
                        .and_then(unit_form)
                        .is_some_and(|(u, c)| {
                            c & LOC != 0 && !matches!(u, Unit::Plan | Unit::Appendix)
                        })
                {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// «второй абзац», «во втором абзаце»: an ordinal before «абзац» (or
/// «предложение»), where the usual order puts it after. The phrase of the
/// unit word after the ordinal, in one of `cases`, with the ordinal as its
/// reference; `None` when the words are not so.
fn ordinal_first(tokens: &[Token], i: usize, role: Role, cases: u8) -> Option<(Phrase, usize)> {
    let n = word_at(tokens, i).and_then(ordinal)?;
    let (unit, form) = word_at(tokens, i + 1).and_then(unit_form)?;
    if !matches!(unit, Unit::Paragraph | Unit::Sentence) || form & cases == 0 {
        return None;
    }
    let (mut phrase, next) = phrase(tokens, i + 1, role);
    let head = phrase.links.first_mut()?;
    if !head.refs.is_empty() {
        return None;
    }
    head.refs.push(RefAt {
        r: Ref::Ordinal(n),
        span: tokens[i].span.clone(),
    });
    head.span.start = tokens[i].span.start;
    Some((phrase, next))
}

/// A phrase starting with the unit word at `i`, then its genitive chain.
pub(super) fn phrase(tokens: &[Token], i: usize, role: Role) -> (Phrase, usize) {
    let mut links = Vec::new();
    let (first, mut next) = link(tokens, i);
    links.push(first);
    // The genitive chain: «пункта 5 раздела II».
    while let Some((unit, cases)) = word_at(tokens, next).and_then(unit_form) {
        if cases & GEN == 0 || unit.is_words() || matches!(unit, Unit::Text) {
            break;
        }
        // «графы» and «строки» are also plural objects: only a chain when
        // the phrase so far is an address or names what they belong to.
        let (l, n) = link(tokens, next);
        if l.refs.is_empty() && !matches!(unit, Unit::Plan | Unit::Appendix | Unit::Title) {
            break;
        }
        next = n;
        if matches!(unit, Unit::Plan | Unit::Appendix) {
            next = skip_context(tokens, next);
            continue;
        }
        links.push(l);
    }
    (Phrase { role, links }, next)
}

/// A unit word at `i` and its references.
fn link(tokens: &[Token], i: usize) -> (Link, usize) {
    let t = &tokens[i];
    let unit = t.word().and_then(unit_form).map_or(Unit::Text, |(u, _)| u);
    let mut refs = Vec::new();
    let mut j = i + 1;
    if unit.is_words() {
        let (r, n) = quote_list(tokens, j);
        refs = r;
        j = n;
    } else if unit == Unit::Position {
        // «позицию, касающуюся …,» or «позиции «…»».
        let mut k = j;
        if tokens.get(k).is_some_and(|t| t.is_punct(',')) {
            k += 1;
        }
        if word_at(tokens, k).is_some_and(|w| w.starts_with("касающ")) {
            let start = k + 1;
            let mut end = start;
            while end < tokens.len() {
                let tk = &tokens[end];
                if tk.is_punct(',') || tk.is_punct(';') || tk.is_punct(':') {
                    break;
                }
                if let Some(w) = tk.word() {
                    if verb(w).is_some() || w == "соответственно" {
                        break;
                    }
                    if (w == "в" || w == "во")
                        && word_at(tokens, end + 1)
                            .and_then(unit_form)
                            .is_some_and(|(_, c)| c & LOC != 0)
                    {
                        break;
                    }
                }
                end += 1;
            }
            if end > start {
                let span = tokens[start].span.start..tokens[end - 1].span.end;
                refs.push(RefAt {
                    r: Ref::About(span.clone()),
                    span,
                });
                j = end;
                if tokens.get(j).is_some_and(|t| t.is_punct(',')) {
                    j += 1;
                }
            }
        } else if let Some(Kind::Quote(q)) = tokens.get(j).map(|t| &t.kind) {
            refs.push(RefAt {
                r: Ref::Quote(*q),
                span: tokens[j].span.clone(),
            });
            j += 1;
        }
    } else {
        let (r, n) = unit_refs(tokens, j);
        refs = r;
        j = n;
    }
    let end = if j > i + 1 {
        tokens[j - 1].span.end
    } else {
        t.span.end
    };
    (
        Link {
            unit,
            refs,
            span: t.span.start..end,
        },
        j,
    )
}

/// Quotations: «a», «b» и «c»; a colon may come first («слова: «a»»).
fn quote_list(tokens: &[Token], mut j: usize) -> (Vec<RefAt>, usize) {
    let mut refs = Vec::new();
    if tokens.get(j).is_some_and(|t| t.is_punct(':'))
        && matches!(tokens.get(j + 1).map(|t| &t.kind), Some(Kind::Quote(_)))
    {
        j += 1;
    }
    while let Some(Kind::Quote(q)) = tokens.get(j).map(|t| &t.kind) {
        refs.push(RefAt {
            r: Ref::Quote(*q),
            span: tokens[j].span.clone(),
        });
        j += 1;
        let sep = tokens
            .get(j)
            .is_some_and(|t| t.is_punct(',') || t.is_word("и"));
        if sep && matches!(tokens.get(j + 1).map(|t| &t.kind), Some(Kind::Quote(_))) {
            j += 1;
        } else {
            break;
        }
    }
    (refs, j)
}

/// References of a numbered unit: numbers, ranges («5–7», «с 5 по 7»),
/// quotations, ordinals, roman numerals, joined by commas and «и».
fn unit_refs(tokens: &[Token], mut j: usize) -> (Vec<RefAt>, usize) {
    let mut refs: Vec<RefAt> = Vec::new();
    while let Some(t) = tokens.get(j) {
        let one = match &t.kind {
            Kind::Num(n) => {
                // A range: «5–7», «5 - 7».
                if tokens.get(j + 1).is_some_and(Token::is_dash) {
                    if let Some(Kind::Num(m)) = tokens.get(j + 2).map(|t| &t.kind) {
                        let span = t.span.start..tokens[j + 2].span.end;
                        j += 3;
                        Some(RefAt {
                            r: Ref::Range(n.to_string(), m.to_string()),
                            span,
                        })
                    } else {
                        j += 1;
                        Some(RefAt {
                            r: Ref::Num(n.to_string()),
                            span: t.span.clone(),
                        })
                    }
                } else {
                    j += 1;
                    Some(RefAt {
                        r: Ref::Num(n.to_string()),
                        span: t.span.clone(),
                    })
                }
            }
            Kind::Punct('№') => {
                j += 1;
                continue;
            }
            Kind::Quote(q) => {
                j += 1;
                Some(RefAt {
                    r: Ref::Quote(*q),
                    span: t.span.clone(),
                })
            }
            Kind::Word(w) if w == "с" || w == "со" => {
                // «с 5 по 7», «со второго по четвертый»
                let bound = |k: usize| match tokens.get(k).map(|t| &t.kind) {
                    Some(Kind::Num(n)) => Some(n.to_string()),
                    Some(Kind::Word(w)) => ordinal(w).map(|n| n.to_string()),
                    _ => None,
                };
                match (bound(j + 1), word_at(tokens, j + 2), bound(j + 3)) {
                    (Some(a), Some("по"), Some(b)) => {
                        let span = t.span.start..tokens[j + 3].span.end;
                        j += 4;
                        Some(RefAt {
                            r: Ref::Range(a, b),
                            span,
                        })
                    }
                    _ => None,
                }
            }
            Kind::Word(w) => {
                if let Some(n) = ordinal(w) {
                    // «второй – четвертый»: a range of ordinals.
                    let last = tokens
                        .get(j + 1)
                        .filter(|d| d.is_dash())
                        .and_then(|_| word_at(tokens, j + 2))
                        .and_then(ordinal);
                    match last {
                        Some(m) => {
                            let span = t.span.start..tokens[j + 2].span.end;
                            j += 3;
                            Some(RefAt {
                                r: Ref::Range(n.to_string(), m.to_string()),
                                span,
                            })
                        }
                        None => {
                            j += 1;
                            Some(RefAt {
                                r: Ref::Ordinal(n),
                                span: t.span.clone(),
                            })
                        }
                    }
                } else if let Some(mut r) = roman(w) {
                    j += 1;
                    let mut span = t.span.clone();
                    // «VII.3»: a section under section VII, printed with no
                    // space around the dot.
                    if let (Some(dot), Some(sub)) = (tokens.get(j), tokens.get(j + 1)) {
                        if let Kind::Num(n) = sub.kind {
                            if dot.is_punct('.')
                                && dot.span.start == span.end
                                && sub.span.start == dot.span.end
                            {
                                r = format!("{r}.{n}");
                                span.end = sub.span.end;
                                j += 2;
                            }
                        }
                    }
                    Some(RefAt {
                        r: Ref::Roman(r),
                        span,
                    })
                } else {
                    None
                }
            }
            _ => None,
        };
        match one {
            Some(r) => refs.push(r),
            None => break,
        }
        // A separator continues the list only when another reference follows.
        let sep = tokens
            .get(j)
            .is_some_and(|t| t.is_punct(',') || t.is_word("и"));
        if sep
            && tokens
                .get(j + 1)
                .is_some_and(|n| is_ref_start(tokens, j + 1, n))
        {
            j += 1;
        } else if !matches!(tokens.get(j).map(|t| &t.kind), Some(Kind::Num(_))) {
            break;
        }
    }
    (refs, j)
}

fn is_ref_start(tokens: &[Token], j: usize, t: &Token) -> bool {
    match &t.kind {
        Kind::Num(_) | Kind::Quote(_) => true,
        Kind::Word(w) => {
            ordinal(w).is_some()
                || roman(w).is_some()
                || ((w == "с" || w == "со")
                    && match tokens.get(j + 1).map(|t| &t.kind) {
                        Some(Kind::Num(_)) => true,
                        Some(Kind::Word(n)) => ordinal(n).is_some(),
                        _ => false,
                    })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_forms() {
        assert_eq!(unit_form("пунктах"), Some((Unit::Item, LOC)));
        assert_eq!(unit_form("подпункта"), Some((Unit::SubItem, GEN)));
        assert_eq!(unit_form("графе"), Some((Unit::Column, DAT | LOC)));
        assert_eq!(unit_form("словами"), Some((Unit::Words, INS)));
        assert_eq!(unit_form("сносками"), Some((Unit::Footnote, INS)));
        assert_eq!(unit_form("позицию"), Some((Unit::Position, ACC)));
        assert_eq!(unit_form("абзацем"), Some((Unit::Paragraph, INS)));
        assert_eq!(unit_form("пунктуация"), None);
        assert_eq!(unit_form("планирование"), None);
    }

    #[test]
    fn ordinals_and_romans() {
        assert_eq!(ordinal("второй"), Some(2));
        assert_eq!(ordinal("втором"), Some(2));
        assert_eq!(ordinal("третьем"), Some(3));
        assert_eq!(ordinal("третьим"), Some(3));
        assert_eq!(ordinal("второе"), Some(2));
        assert_eq!(ordinal("пятнадцатый"), Some(15));
        assert_eq!(ordinal("двадцатого"), Some(20));
        assert_eq!(ordinal("вторник"), None);
        assert_eq!(ordinal("пятнадцать"), None);
        assert_eq!(roman("II"), Some("II".into()));
        assert_eq!(roman("Х"), Some("X".into()));
        assert_eq!(roman("мир"), None);
    }
}
