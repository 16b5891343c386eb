pub mod export;
pub mod findings;
pub mod layout;
pub mod prose;

pub use prose::prose;
