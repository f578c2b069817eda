//! Renderers of a [`Diff`](crate::Diff): terminal text, JSON and a
//! printable HTML redline.
