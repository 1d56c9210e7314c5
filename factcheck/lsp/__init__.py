"""The language server (`factcheck lsp`, docs/lsp.md): diagnostics while a draft is typed, a figure's
record on hover. `mapping` turns check results into LSP records, `settings` reads the client's
configuration, `engine` checks a buffer, `server` speaks the protocol (pygls)."""
