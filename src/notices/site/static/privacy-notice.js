/* <privacy-notice src="/api/v1/privacy/current.json" seen-version="3">: the notice in force,
 * rendered in a shadow root. Dependency-free; makes no request but the one to `src`.
 * The HTML in the JSON is sanitized at build time; it is filtered again here with an
 * allow-list (parsed inert by DOMParser, so nothing in it runs while it is checked).
 * Fires "notice-changed" (bubbles, composed) when the version in force differs from
 * `seen-version`; event.detail says whether users must be told: {from, to, material,
 * purposeChanged, versions, upcoming}. */
(function () {
  "use strict";
  var TAGS = /^(H[1-6]|P|BR|HR|UL|OL|LI|DL|DT|DD|TABLE|THEAD|TBODY|TR|TH|TD|CAPTION|BLOCKQUOTE|PRE|CODE|EM|STRONG|B|I|S|DEL|INS|SUB|SUP|SMALL|ABBR|SPAN|DIV|A|IMG|TIME)$/;
  var ATTRS = { id: 1, lang: 1, dir: 1, title: 1, href: 1, src: 1, alt: 1, colspan: 1, rowspan: 1, scope: 1, start: 1, datetime: 1, rel: 1 };
  var CSS = ":host{display:block;font:inherit;color:inherit}" +
    ".meta{opacity:.85;margin:0 0 1em}.note{border-left:4px solid currentColor;padding:.4em .7em}" +
    "table{border-collapse:collapse;display:block;overflow-x:auto;max-width:100%}" +
    "th,td{border:1px solid #999;padding:.25em .5em;text-align:left}img{max-width:100%;height:auto}";

  function safeUrl(value, base, image) {
    try {
      var url = new URL(value, base);
      if (image) return url.origin === new URL(base).origin ? url.href : null;
      return /^(https?|mailto):$/.test(url.protocol) ? url.href : null;
    } catch (e) { return null; }
  }

  function filter(node, base) {
    Array.prototype.slice.call(node.childNodes).forEach(function (child) {
      if (child.nodeType === 3) return;
      if (child.nodeType !== 1 || !TAGS.test(child.tagName)) { child.remove(); return; }
      Array.prototype.slice.call(child.attributes).forEach(function (attr) {
        var name = attr.name.toLowerCase();
        if (!ATTRS[name]) { child.removeAttribute(attr.name); return; }
        if (name === "href" || name === "src") {
          var safe = safeUrl(attr.value, base, name === "src");
          if (safe) child.setAttribute(name, safe); else child.removeAttribute(attr.name);
        }
      });
      if (child.tagName === "A") { child.setAttribute("rel", "noopener noreferrer"); child.setAttribute("target", "_blank"); }
      filter(child, base);
    });
  }

  function text(s) { return s == null ? "" : String(s); }

  /* The element's words in each language the tool has a catalog for (filled in by the build). */
  var MESSAGES = /*notices:messages*/{};
  var ALIASES = { no: "nb", nn: "nb" };
  function words(tag) {
    var parts = text(tag).toLowerCase().replace(/_/g, "-").split("-");
    var tries = [parts.slice(0, 2).join("_"), parts[0]];
    for (var i = 0; i < tries.length; i++) {
      var lang = ALIASES[tries[i]] || tries[i];
      if (MESSAGES[lang]) return { lang: lang, m: MESSAGES[lang] };
    }
    return { lang: "en", m: MESSAGES.en || { meta: "Version {label} · effective {date}",
      upcoming: "Version {label} takes effect on {date}.", failed: "The privacy notice could not be loaded." } };
  }
  function fill(template, values) {
    return template.replace(/\{([a-z_]+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }
  /* A date as the pages write it (Babel's long format there, the browser's CLDR here); plain
     English keeps day month year. */
  function day(iso, tag, lang) {
    var at = new Date(text(iso) + "T00:00:00Z");
    if (isNaN(at)) return text(iso);
    var locale = lang === "en" && !/^en-/i.test(text(tag)) ? "en-GB" : text(tag) || "en-GB";
    try {
      var said = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(at);
      return /^fr\b/i.test(locale) && at.getUTCDate() === 1 ? said.replace(/^1 /, "1er ") : said;  // as i18n.date
    } catch (e) { return text(iso); }
  }

  class PrivacyNotice extends HTMLElement {
    static get observedAttributes() { return ["src", "seen-version"]; }
    constructor() { super(); this.attachShadow({ mode: "open" }); }
    connectedCallback() { this.load(); }
    attributeChangedCallback() { if (this._connected) this.load(); }
    load() {
      var src = this.getAttribute("src"), self = this, key = src + "\u0000" + this.getAttribute("seen-version");
      this._connected = true;
      if (!src || key === this._key) return;  // upgrade calls back once per attribute: load once
      this._key = key;
      var url = new URL(src, document.baseURI).href;
      fetch(url, { credentials: "omit", referrerPolicy: "no-referrer" })
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (data) { self.show(data, url); })
        .catch(function (error) {
          var where = self.closest("[lang]"), w = words(where ? where.getAttribute("lang") : document.documentElement.lang);
          var alert = document.createElement("p");
          alert.setAttribute("role", "alert");
          alert.setAttribute("lang", w.lang);
          alert.textContent = w.m.failed;
          self.shadowRoot.replaceChildren(alert);
          self.dispatchEvent(new CustomEvent("notice-error", { detail: { error: String(error) }, bubbles: true, composed: true }));
        });
    }
    show(data, url) {
      var doc = new DOMParser().parseFromString("<body>" + (data.html || "") + "</body>", "text/html");
      filter(doc.body, url);
      var root = this.shadowRoot;
      // Built with the DOM, not a string: the notice's fields are text wherever they land.
      var style = document.createElement("style"), article = document.createElement("article");
      style.textContent = CSS;
      article.setAttribute("lang", text(data.lang));
      var title = article.appendChild(document.createElement("h1")), meta = article.appendChild(document.createElement("p"));
      title.setAttribute("part", "title");
      title.textContent = text(data.title);
      meta.className = "meta";
      meta.setAttribute("part", "meta");
      var w = words(data.lang);
      if (w.lang === "en" && !/^en\b/i.test(text(data.lang))) meta.setAttribute("lang", "en");  // no catalog: English
      meta.textContent = fill(w.m.meta, { label: text(data.version), date: day(data.effective, data.lang, w.lang) });
      root.replaceChildren(style, article);
      if (data.upcoming) {
        var note = document.createElement("p");
        note.className = "note";
        if (meta.hasAttribute("lang")) note.setAttribute("lang", "en");
        note.textContent = fill(w.m.upcoming, { label: text(data.upcoming.version), date: day(data.upcoming.effective, data.lang, w.lang) });
        article.appendChild(note);
      }
      Array.prototype.slice.call(doc.body.childNodes).forEach(function (n) { article.appendChild(document.importNode(n, true)); });
      this.version = data.version;
      var seen = this.getAttribute("seen-version");
      if (seen && seen !== data.version) {
        var since = (data.notify_since || {})[seen] || null;
        this.dispatchEvent(new CustomEvent("notice-changed", {
          bubbles: true, composed: true,
          detail: {
            from: seen, to: data.version, known: !!since,
            material: since ? since.material : true, purposeChanged: since ? since.purpose_changed : true,
            versions: since ? since.versions : [], upcoming: data.upcoming || null
          }
        }));
      }
      this.dispatchEvent(new CustomEvent("notice-loaded", { detail: { version: data.version }, bubbles: true, composed: true }));
    }
  }
  if (!customElements.get("privacy-notice")) customElements.define("privacy-notice", PrivacyNotice);
})();
