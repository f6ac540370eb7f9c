//! The application-configuration property schema and its validator (filled in by the
//! property-schema work).
