//! `check`: validates budget files.

pub mod interval;
