// The reconnect banner's retry button. A script file rather than a javascript: link, which the
// server's content security policy refuses to run.
document.getElementById("reconnect-retry")?.addEventListener("click", () => Blazor.reconnect());
