//! Bank commands and the bank format.
