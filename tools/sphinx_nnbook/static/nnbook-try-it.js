// A "Run this code in your browser" button becomes the JupyterLite console it
// names. The console loads only on this click, so a page that is merely read
// loads no Python.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".nnbook-try-it-button");
  if (!button) {
    return;
  }
  const frame = document.createElement("iframe");
  frame.src = button.dataset.src;
  frame.title = button.dataset.title;
  frame.className = "nnbook-try-it-console";
  button.replaceWith(frame);
  frame.focus();
});
