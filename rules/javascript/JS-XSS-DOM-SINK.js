import DOMPurify from "dompurify";
import $ from "jquery";

export function showWelcome() {
  const params = new URLSearchParams(window.location.search);
  const banner = document.getElementById("banner");
  // ruleid: JS-XSS-DOM-SINK
  banner.insertAdjacentHTML("beforeend", `<p>Welcome, ${params.get("name")}</p>`);
}

export function legacyTracking() {
  // ruleid: JS-XSS-DOM-SINK
  document.write('<img src="/pixel.gif?ref=' + document.referrer + '">');
}

export function showTab() {
  const tab = decodeURIComponent(location.hash.slice(1));
  // ruleid: JS-XSS-DOM-SINK
  $("#tab-title").html("<h2>" + tab + "</h2>");
}

export function replaceNotice(notice) {
  const message = new URL(document.URL).searchParams.get("msg");
  // ruleid: JS-XSS-DOM-SINK
  notice.outerHTML = `<div class="notice">${message}</div>`;
}

export function showWelcomeSafe() {
  const params = new URLSearchParams(window.location.search);
  const p = document.createElement("p");
  // ok: JS-XSS-DOM-SINK
  p.textContent = `Welcome, ${params.get("name")}`;
  document.getElementById("banner").append(p);
}

export function showTabSafe() {
  // ok: JS-XSS-DOM-SINK
  $("#tab-title").text(decodeURIComponent(location.hash.slice(1)));
}

export function renderHelp(container) {
  const topic = new URLSearchParams(location.search).get("topic");
  // ok: JS-XSS-DOM-SINK
  container.insertAdjacentHTML("beforeend", DOMPurify.sanitize(`<h3>${topic}</h3>`));
  // ok: JS-XSS-DOM-SINK
  container.insertAdjacentHTML("beforeend", '<a href="/help">All topics</a>');
}
