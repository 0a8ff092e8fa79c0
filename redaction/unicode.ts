/**
 * Bidirectional formatting characters (the Arabic letter mark, LRM and RLM, embeddings,
 * overrides and isolates): they make text display differently from what it is ("Trojan Source").
 * The body of a regular-expression character class, for input validation and log escaping alike.
 */
export const BIDI_CONTROLS = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
