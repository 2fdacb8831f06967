import DOMPurify from "dompurify";

const params = new URLSearchParams(window.location.search);

export function showGreeting() {
  const greeting = document.getElementById("greeting");
  // ruleid: JS-XSS-INNERHTML
  greeting.innerHTML = "Hello, " + params.get("name");
}

export function renderComment(list, comment) {
  const item = document.createElement("li");
  // ruleid: JS-XSS-INNERHTML
  item.innerHTML = `<b>${comment.author}</b>: ${comment.body}`;
  list.appendChild(item);
}

export function showError(box, response) {
  // ruleid: JS-XSS-INNERHTML
  box.innerHTML = response.message;
}

export function resetBanner(banner) {
  // ok: JS-XSS-INNERHTML
  banner.innerHTML = "<strong>Welcome back!</strong>";
  // ok: JS-XSS-INNERHTML
  banner.innerHTML = `<em>No new messages</em>`;
}

export function showName(label) {
  // ok: JS-XSS-INNERHTML
  label.textContent = params.get("name");
}

export function renderArticle(container, html) {
  // ok: JS-XSS-INNERHTML
  container.innerHTML = DOMPurify.sanitize(html);
}
