pub mod export;
pub mod findings;
pub mod layout;
