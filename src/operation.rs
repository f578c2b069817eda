//! Operations: the changes an amendment order makes, one formula each.

use crate::plan::{Row, is_false};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One change made by an amendment order, in the formulas of Russian legal
/// drafting.
///
/// In JSON an operation is an object whose `"op"` names the formula. Every
/// operation may carry `"point"`, the number of the order's own point that
/// made it («1», «3а»), so that messages can cite it.
///
/// Items are addressed by their display number **at the moment the operation
/// applies**; columns by id, printed title, or 1-based number. Words are
/// matched exactly as to letter case, but tolerantly as to spacing, quotes
/// and dashes (see [`crate::matching`]).
///
/// # Example
/// ```
/// use planver::Operation;
/// let op: Operation = serde_json::from_str(r#"{
///   "op": "replace_words", "point": "1", "items": ["10", "11"],
///   "column": "Ответственный исполнитель", "from": "И.В. Никитина", "to": "Ф.И. Воронин"
/// }"#)?;
/// assert_eq!(op.formula(), "заменить слова");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Operation {
    /// «В пунктах 10, 11 в графе «…» слово «A» заменить словом «B»».
    ReplaceWords {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The items to change, or `"all"` («по всему тексту»).
        items: Targets,
        /// The column to change; absent means every column.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "column_ref::optional"
        )]
        #[schemars(with = "Option<ColumnRef>")]
        column: Option<String>,
        /// The 1-based row of each item; absent means every row.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        row: Option<usize>,
        /// The 1-based абзац (paragraph, a line of the cell) the words are
        /// in, «в абзаце втором графы …»; absent means the whole cell.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        paragraph: Option<usize>,
        /// The words to find.
        from: String,
        /// The words to put in their place.
        to: String,
        /// Which occurrences to change.
        #[serde(default, skip_serializing_if = "Occurrence::is_all")]
        occurrence: Occurrence,
        /// Match anywhere, not only as whole words.
        #[serde(default, skip_serializing_if = "is_false")]
        substring: bool,
    },
    /// «после слов «A» дополнить словами «B»» / «перед словами …», or with
    /// no anchor words, «графу 3 пункта 5 дополнить словами «B»» (at the
    /// end of the cell, or of its абзац).
    InsertWords {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The items to change, or `"all"`.
        items: Targets,
        /// The column to change; absent means every column.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "column_ref::optional"
        )]
        #[schemars(with = "Option<ColumnRef>")]
        column: Option<String>,
        /// The 1-based row of each item; absent means every row.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        row: Option<usize>,
        /// The 1-based абзац (paragraph, a line of the cell) the words are
        /// in, «в абзаце втором графы …»; absent means the whole cell.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        paragraph: Option<usize>,
        /// Where the words go, relative to an anchor.
        anchor: Anchor,
        /// The words to insert. A space separates them from the anchor unless
        /// they begin with punctuation.
        words: String,
        /// Which occurrences of the anchor to use.
        #[serde(default, skip_serializing_if = "Occurrence::is_all")]
        occurrence: Occurrence,
        /// Match the anchor anywhere, not only as whole words.
        #[serde(default, skip_serializing_if = "is_false")]
        substring: bool,
    },
    /// «слова «A» исключить».
    DeleteWords {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The items to change, or `"all"`.
        items: Targets,
        /// The column to change; absent means every column.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "column_ref::optional"
        )]
        #[schemars(with = "Option<ColumnRef>")]
        column: Option<String>,
        /// The 1-based row of each item; absent means every row.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        row: Option<usize>,
        /// The 1-based абзац (paragraph, a line of the cell) the words are
        /// in, «в абзаце втором графы …»; absent means the whole cell.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        paragraph: Option<usize>,
        /// The words to delete. One adjoining space goes with them.
        words: String,
        /// Which occurrences to delete.
        #[serde(default, skip_serializing_if = "Occurrence::is_all")]
        occurrence: Occurrence,
        /// Match anywhere, not only as whole words.
        #[serde(default, skip_serializing_if = "is_false")]
        substring: bool,
    },
    /// «Пункт 1 изложить в следующей редакции: …». Keeps the item's identity,
    /// number and section; replaces all its rows. A repealed item restated
    /// this way is in force again.
    RestateItem {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The item's display number.
        item: String,
        /// The new rows.
        rows: Vec<Row>,
    },
    /// «графу «Срок» пункта 5 изложить в следующей редакции: …».
    RestateCell {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The item's display number.
        item: String,
        /// The 1-based row; may be left out when the item has one row.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        row: Option<usize>,
        /// The column: id, printed title, or 1-based number.
        #[serde(deserialize_with = "column_ref::required")]
        #[schemars(with = "ColumnRef")]
        column: String,
        /// The new text.
        text: String,
    },
    /// «абзац второй графы «Мероприятие» пункта 5 изложить в следующей
    /// редакции: …» — one абзац (line) of a cell.
    RestateParagraph {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The item's display number.
        item: String,
        /// The 1-based row; may be left out when the item has one row.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        row: Option<usize>,
        /// The column: id, printed title, or 1-based number.
        #[serde(deserialize_with = "column_ref::required")]
        #[schemars(with = "ColumnRef")]
        column: String,
        /// The 1-based абзац.
        paragraph: usize,
        /// Its new text (one line).
        text: String,
    },
    /// «графу «Мероприятие» пункта 5 дополнить абзацем следующего
    /// содержания: …» — a new абзац (line) in a cell.
    AddParagraph {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The item's display number.
        item: String,
        /// The 1-based row; may be left out when the item has one row.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        row: Option<usize>,
        /// The column: id, printed title, or 1-based number.
        #[serde(deserialize_with = "column_ref::required")]
        #[schemars(with = "ColumnRef")]
        column: String,
        /// The 1-based абзац the new one follows (0 puts it first); absent
        /// means at the end.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<usize>,
        /// Its text (one line).
        text: String,
    },
    /// «абзац третий графы 3 пункта 5 исключить» (or «признать утратившим
    /// силу»): the абзац leaves the cell.
    DeleteParagraph {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The item's display number.
        item: String,
        /// The 1-based row; may be left out when the item has one row.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        row: Option<usize>,
        /// The column: id, printed title, or 1-based number.
        #[serde(deserialize_with = "column_ref::required")]
        #[schemars(with = "ColumnRef")]
        column: String,
        /// The 1-based абзац.
        paragraph: usize,
    },
    /// «строку … изложить в следующей редакции» — one row of an item.
    RestateRow {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The item's display number.
        item: String,
        /// The 1-based row.
        row: usize,
        /// The new cells.
        cells: Row,
    },
    /// «пункт 9 дополнить строкой …».
    AddRow {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The item's display number.
        item: String,
        /// The 1-based row the new one follows; absent means at the end.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after_row: Option<usize>,
        /// The new cells.
        cells: Row,
    },
    /// «строку … исключить».
    RemoveRow {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The item's display number.
        item: String,
        /// The 1-based row.
        row: usize,
    },
    /// «дополнить пунктом 91.1 следующего содержания: …».
    AddItem {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The new item's display number.
        number: String,
        /// A stable id for the new item; defaults to `"{number}@{act number}"`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// Where the item goes.
        #[serde(default)]
        position: Position,
        /// The item's rows.
        rows: Vec<Row>,
    },
    /// «дополнить разделом XI следующего содержания: …».
    AddSection {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The new section's number («XI»).
        number: String,
        /// The new section's title.
        title: String,
        /// A stable id; defaults to the number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// The number or id of the section it follows; absent (and no
        /// `before`) means at the end.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        /// The number or id of the section it goes right before («перед
        /// разделом I»), so that it can be put first; not with `after`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        before: Option<String>,
    },
    /// «наименование раздела II изложить в следующей редакции: «…»» — a
    /// section's title; its number, id and items stay.
    RestateSection {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The section's number or id.
        section: String,
        /// The new title.
        title: String,
    },
    /// «пункт 49 признать утратившим силу»: the number stays, marked repealed.
    RepealItem {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The item's display number.
        item: String,
    },
    /// «пункт 49 исключить»: the item leaves the list.
    ExcludeItem {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The item's display number.
        item: String,
    },
    /// «пункты 5–7 считать соответственно пунктами 6–8». All renumberings of
    /// one operation happen at once, so shifting a run of numbers works.
    Renumber {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The current display numbers.
        from: Vec<String>,
        /// The new display numbers, one for each of `from`.
        to: Vec<String>,
    },
    /// «Дополнить сноской 2.1 следующего содержания: …».
    AddFootnote {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The footnote's mark.
        number: String,
        /// Its text.
        text: String,
    },
    /// «сноску 3 изложить в следующей редакции: …».
    RestateFootnote {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The footnote's mark.
        number: String,
        /// Its new text.
        text: String,
    },
    /// «сноску 3 исключить».
    RemoveFootnote {
        /// The order's point that makes this change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        point: Option<String>,
        /// The footnote's mark.
        number: String,
    },
}

impl Operation {
    /// The order's point that makes this change, if recorded.
    pub fn point(&self) -> Option<&str> {
        use Operation::*;
        match self {
            ReplaceWords { point, .. }
            | InsertWords { point, .. }
            | DeleteWords { point, .. }
            | RestateItem { point, .. }
            | RestateCell { point, .. }
            | RestateRow { point, .. }
            | RestateParagraph { point, .. }
            | AddParagraph { point, .. }
            | DeleteParagraph { point, .. }
            | AddRow { point, .. }
            | RemoveRow { point, .. }
            | AddItem { point, .. }
            | AddSection { point, .. }
            | RestateSection { point, .. }
            | RepealItem { point, .. }
            | ExcludeItem { point, .. }
            | Renumber { point, .. }
            | AddFootnote { point, .. }
            | RestateFootnote { point, .. }
            | RemoveFootnote { point, .. } => point.as_deref(),
        }
    }

    /// The order's point, to set or clear it.
    ///
    /// # Example
    /// ```
    /// let mut op: planver::Operation =
    ///     serde_json::from_str(r#"{"op": "repeal_item", "item": "5"}"#)?;
    /// *op.point_mut() = Some("2".into());
    /// assert_eq!(op.point(), Some("2"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn point_mut(&mut self) -> &mut Option<String> {
        use Operation::*;
        match self {
            ReplaceWords { point, .. }
            | InsertWords { point, .. }
            | DeleteWords { point, .. }
            | RestateItem { point, .. }
            | RestateCell { point, .. }
            | RestateRow { point, .. }
            | RestateParagraph { point, .. }
            | AddParagraph { point, .. }
            | DeleteParagraph { point, .. }
            | AddRow { point, .. }
            | RemoveRow { point, .. }
            | AddItem { point, .. }
            | AddSection { point, .. }
            | RestateSection { point, .. }
            | RepealItem { point, .. }
            | ExcludeItem { point, .. }
            | Renumber { point, .. }
            | AddFootnote { point, .. }
            | RestateFootnote { point, .. }
            | RemoveFootnote { point, .. } => point,
        }
    }

    /// The drafting formula, in Russian, for messages and logs.
    pub fn formula(&self) -> &'static str {
        use Operation::*;
        match self {
            ReplaceWords { .. } => "заменить слова",
            InsertWords { .. } => "дополнить словами",
            RestateParagraph { .. } => "изложить абзац в новой редакции",
            AddParagraph { .. } => "дополнить абзацем",
            DeleteParagraph { .. } => "абзац исключить",
            DeleteWords { .. } => "слова исключить",
            RestateItem { .. } => "изложить пункт в новой редакции",
            RestateCell { .. } => "изложить графу в новой редакции",
            RestateRow { .. } => "изложить строку в новой редакции",
            AddRow { .. } => "дополнить строкой",
            RemoveRow { .. } => "строку исключить",
            AddItem { .. } => "дополнить пунктом",
            AddSection { .. } => "дополнить разделом",
            RestateSection { .. } => "изложить наименование раздела в новой редакции",
            RepealItem { .. } => "признать утратившим силу",
            ExcludeItem { .. } => "пункт исключить",
            Renumber { .. } => "считать пунктами",
            AddFootnote { .. } => "дополнить сноской",
            RestateFootnote { .. } => "изложить сноску в новой редакции",
            RemoveFootnote { .. } => "сноску исключить",
        }
    }
}

/// Which items a word-level operation addresses.
///
/// In JSON: an array of display numbers, `["10", "11"]`, the string
/// `"all"` for «по всему тексту», or `{"footnote": "1"}` for the words of
/// a footnote («в сноске 1 слова …»).
///
/// # Example
/// ```
/// use planver::Targets;
/// let t: Targets = serde_json::from_str(r#"{"footnote": "*"}"#)?;
/// assert_eq!(t, Targets::Footnote("*".into()));
/// assert_eq!(serde_json::to_string(&t)?, r#"{"footnote":"*"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Targets {
    /// Every item in force («по всему тексту»). The words must occur
    /// somewhere, not in every item.
    All,
    /// These items, by display number. The words must occur in each.
    Items(Vec<String>),
    /// The footnote with this mark; the operation names no column or row.
    Footnote(String),
}

impl Serialize for Targets {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Targets::All => s.serialize_str("all"),
            Targets::Items(items) => items.serialize(s),
            Targets::Footnote(mark) => {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("footnote", mark)?;
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Targets {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Targets;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array of item numbers, the string \"all\", or {\"footnote\": mark}")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Targets, A::Error> {
                let mut mark: Option<String> = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key != "footnote" {
                        return Err(serde::de::Error::unknown_field(&key, &["footnote"]));
                    }
                    if mark.is_some() {
                        return Err(serde::de::Error::duplicate_field("footnote"));
                    }
                    mark = Some(map.next_value()?);
                }
                mark.map(Targets::Footnote)
                    .ok_or_else(|| serde::de::Error::missing_field("footnote"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Targets, E> {
                if v == "all" {
                    Ok(Targets::All)
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Str(v), &self))
                }
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Targets, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    items.push(item);
                }
                if items.is_empty() {
                    return Err(serde::de::Error::invalid_length(0, &"at least one item"));
                }
                Ok(Targets::Items(items))
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl JsonSchema for Targets {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Targets".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Display numbers of the items, \"all\" for «по всему тексту», or {\"footnote\": mark} for the words of a footnote.",
            "oneOf": [
                {"type": "array", "items": {"type": "string"}, "minItems": 1},
                {"const": "all"},
                {
                    "type": "object",
                    "properties": {"footnote": {"type": "string"}},
                    "required": ["footnote"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// A column named by id (`"responsible"`), printed title
/// (`"Ответственный исполнитель"`) or 1-based number (`4`, «в графе 4»).
/// Only for the schema: the operations keep the reference as a string.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum ColumnRef {
    /// An id or printed title.
    Name(String),
    /// A 1-based column number.
    Number(u32),
}

/// Reads a column reference given as a string or a number.
mod column_ref {
    use serde::{Deserialize, Deserializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Name(String),
        Number(u64),
    }

    impl Repr {
        fn into_string(self) -> String {
            match self {
                Repr::Name(s) => s,
                Repr::Number(n) => n.to_string(),
            }
        }
    }

    pub(super) fn required<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Repr::deserialize(d).map(Repr::into_string)
    }

    pub(super) fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(Option::<Repr>::deserialize(d)?.map(Repr::into_string))
    }
}

/// Where inserted words go: `{"after": "…"}`, `{"before": "…"}`, or, with
/// no anchor words, `"end"` or `"start"` of the cell (or of its абзац).
///
/// # Example
/// ```
/// use planver::Anchor;
/// let end: Anchor = serde_json::from_str(r#""end""#)?;
/// assert_eq!(end, Anchor::End);
/// let after: Anchor = serde_json::from_str(r#"{"after": "2017"}"#)?;
/// assert_eq!(after, Anchor::After("2017".into()));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Anchor {
    /// «после слов «…» дополнить словами …».
    After(String),
    /// «перед словами «…» дополнить словами …».
    Before(String),
    /// «дополнить словами …» with no anchor: at the end.
    End,
    /// At the start («дополнить в начале словами …»).
    Start,
}

impl Anchor {
    /// The anchor words, if the anchor is words.
    pub fn words(&self) -> Option<&str> {
        match self {
            Anchor::After(w) | Anchor::Before(w) => Some(w),
            Anchor::End | Anchor::Start => None,
        }
    }
}

/// Which occurrences of the words a word-level operation changes, in each
/// addressed item.
///
/// In JSON: `"all"` (the default), `"single"`, or `{"nth": 2}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Occurrence {
    /// Every occurrence — the drafting convention when nothing is said.
    #[default]
    All,
    /// Exactly one occurrence; more is an error (the wording allows one).
    Single,
    /// Only the n-th occurrence, 1-based («во втором случае»).
    Nth(usize),
}

impl Occurrence {
    fn is_all(&self) -> bool {
        *self == Occurrence::All
    }
}

/// Where an added item goes.
///
/// In JSON: `{"after": "91"}`, `{"before": "5"}`, `{"end_of_section": "X"}`,
/// or `"end"` (the default).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Position {
    /// Right after the item with this display number, in its section.
    After(String),
    /// Right before the item with this display number, in its section
    /// («перед пунктом 5 дополнить пунктом 4.1»).
    Before(String),
    /// At the end of the section with this number or id.
    EndOfSection(String),
    /// At the end of the plan.
    #[default]
    End,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_all_or_list() {
        let all: Targets = serde_json::from_str("\"all\"").unwrap();
        assert_eq!(all, Targets::All);
        let list: Targets = serde_json::from_str(r#"["10","11"]"#).unwrap();
        assert_eq!(list, Targets::Items(vec!["10".into(), "11".into()]));
        assert!(serde_json::from_str::<Targets>("\"some\"").is_err());
        let footnote: Targets = serde_json::from_str(r#"{"footnote":"2.1"}"#).unwrap();
        assert_eq!(footnote, Targets::Footnote("2.1".into()));
        assert!(serde_json::from_str::<Targets>(r#"{"fotnote":"2.1"}"#).is_err());
        assert!(serde_json::from_str::<Targets>(r#"{}"#).is_err());
        assert!(serde_json::from_str::<Targets>("[]").is_err());
    }

    #[test]
    fn operations_reject_unknown_fields() {
        let err =
            serde_json::from_str::<Operation>(r#"{"op":"repeal_item","item":"5","itme":"6"}"#)
                .unwrap_err();
        assert!(err.to_string().contains("itme"), "{err}");
    }

    #[test]
    fn positions_and_occurrences_round_trip() {
        for json in [
            r#"{"after":"91"}"#,
            r#"{"before":"5"}"#,
            r#"{"end_of_section":"X"}"#,
            r#""end""#,
        ] {
            let p: Position = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&p).unwrap(), json);
        }
        for json in [r#""all""#, r#""single""#, r#"{"nth":2}"#] {
            let o: Occurrence = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&o).unwrap(), json);
        }
    }
}
