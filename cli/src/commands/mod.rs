//! One file per command: its flags and what it does with the library.

pub(crate) mod batch;
pub(crate) mod completions;
pub(crate) mod generate;
pub(crate) mod inspect;
pub(crate) mod lint;
pub(crate) mod list;
pub(crate) mod pkcs12;
pub(crate) mod reconcile;
pub(crate) mod renew;
pub(crate) mod report;
pub(crate) mod upload_request;
pub(crate) mod verify;
