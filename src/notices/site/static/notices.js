/* notices: "next/previous change" on redlines, and the compare page's client-side redline.
 * The compare redline is a line-by-line port of notices/diff.py and site/redline.py
 * (difflib's longest-match recursion included), so any two versions compare the same
 * way as the pre-built diff pages. No dependencies, no requests outside the site. */
(function () {
  "use strict";

  /* ---- difflib.SequenceMatcher (autojunk off, no junk) over string keys ---- */
  function matcher(a, b) {
    var b2j = new Map();
    b.forEach(function (x, j) { var l = b2j.get(x); if (l) l.push(j); else b2j.set(x, [j]); });
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0, j2len = new Map();
      for (var i = alo; i < ahi; i++) {
        var next = new Map(), js = b2j.get(a[i]) || [];
        for (var n = 0; n < js.length; n++) {
          var j = js[n];
          if (j < blo) continue;
          if (j >= bhi) break;
          var k = (j2len.get(j - 1) || 0) + 1;
          next.set(j, k);
          if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
        }
        j2len = next;
      }
      while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
      while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
      return [besti, bestj, bestsize];
    }
    function blocks() {
      var queue = [[0, a.length, 0, b.length]], found = [];
      while (queue.length) {
        var q = queue.pop(), m = longest(q[0], q[1], q[2], q[3]), i = m[0], j = m[1], k = m[2];
        if (k) {
          found.push(m);
          if (q[0] < i && q[2] < j) queue.push([q[0], i, q[2], j]);
          if (i + k < q[1] && j + k < q[3]) queue.push([i + k, q[1], j + k, q[3]]);
        }
      }
      found.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
      var out = [], i1 = 0, j1 = 0, k1 = 0;
      found.forEach(function (m) {
        if (i1 + k1 === m[0] && j1 + k1 === m[1]) k1 += m[2];
        else { if (k1) out.push([i1, j1, k1]); i1 = m[0]; j1 = m[1]; k1 = m[2]; }
      });
      if (k1) out.push([i1, j1, k1]);
      out.push([a.length, b.length, 0]);
      return out;
    }
    return {
      opcodes: function () {
        var i = 0, j = 0, ops = [];
        blocks().forEach(function (m) {
          var tag = i < m[0] && j < m[1] ? "replace" : i < m[0] ? "delete" : j < m[1] ? "insert" : "";
          if (tag) ops.push([tag, i, m[0], j, m[1]]);
          i = m[0] + m[2]; j = m[1] + m[2];
          if (m[2]) ops.push(["equal", m[0], i, m[1], j]);
        });
        return ops;
      },
      ratio: function () {
        var t = a.length + b.length, s = 0;
        blocks().forEach(function (m) { s += m[2]; });
        return t ? 2 * s / t : 1;
      }
    };
  }

  /* ---- blocks and words, as exported in compare/<version>.json ---- */
  function wkey(w) { return w[0] + "\u0001" + w[1].join("\u0002"); }
  function category(b) { return /^h\d$/.test(b.k) ? "h" : b.k === "th" ? "tr" : b.k; }
  function bkey(b) { if (!b._key) b._key = category(b) + "\u0003" + b.w.map(wkey).join("\u0004"); return b._key; }
  function wordsEqual(x, y) { return x.length === y.length && x.every(function (w, i) { return wkey(w) === wkey(y[i]); }); }

  var SIMILAR = 0.5, SHORT_EQUAL = 2;

  function wordSegments(old, nw) {
    var segs = [];
    matcher(old.map(wkey), nw.map(wkey)).opcodes().forEach(function (o) {
      if (o[0] === "equal") { segs.push(["=", old.slice(o[1], o[2])]); return; }
      if (o[2] > o[1]) segs.push(["-", old.slice(o[1], o[2])]);
      if (o[4] > o[3]) segs.push(["+", nw.slice(o[3], o[4])]);
    });
    return editorial(fold(segs));
  }

  function fold(segs) {
    var runs = [];
    segs.forEach(function (s) {
      if (s[0] === "=") runs.push(["=", s[1], s[1]]);
      else {
        var r = runs.length && runs[runs.length - 1][0] === "x" ? runs.pop() : ["x", [], []];
        runs.push(s[0] === "-" ? ["x", r[1].concat(s[1]), r[2]] : ["x", r[1], r[2].concat(s[1])]);
      }
      while (runs.length >= 3 && runs[runs.length - 1][0] === "x" && runs[runs.length - 2][0] === "=" &&
             runs[runs.length - 2][1].length <= SHORT_EQUAL && runs[runs.length - 3][0] === "x") {
        var after = runs.pop(), eq = runs.pop(), before = runs.pop();
        runs.push(["x", before[1].concat(eq[1], after[1]), before[2].concat(eq[2], after[2])]);
      }
    });
    var out = [];
    runs.forEach(function (r) {
      if (r[0] === "=") { out.push(["=", r[1]]); return; }
      if (r[1].length) out.push(["-", r[1]]);
      if (r[2].length) out.push(["+", r[2]]);
    });
    return out;
  }

  /* ---- editorial edits: notices/diff.py edit_kinds, and editorial.is_editorial ported ---- */
  var QUIET = ["punctuation", "case", "spelling", "whitespace", "link", "formatting"];
  var FLOW = new Set(("a an any the also now currently then just please still further furthermore additionally as well " +
    "will shall be is are was were been being has have had does do did " +
    "this that these those which who whom whose there here " +
    "of in on at by into onto within from with via per " +
    "and or nor but so thus hence therefore however " +
    "our your its their my his her").split(" "));
  var SAME_PAIRS = [
    ["see", "view"], ["use", "utilize"], ["use", "utilise"], ["help", "assist"], ["make sure", "ensure"],
    ["like", "such as"], ["eg", "for example"], ["ie", "that is"], ["in case", "if"], ["whilst", "while"],
    ["amongst", "among"], ["e mail", "email"], ["website", "site"], ["web site", "website"], ["via", "through"],
    ["prior to", "before"], ["in order to", "to"], ["contact us", "reach us"], ["etc", "and so on"]
  ];
  var SAME = new Map();
  SAME_PAIRS.forEach(function (p) { SAME.set(p[0], p[1]); });
  SAME_PAIRS.forEach(function (p) { SAME.set(p[1], p[0]); });
  var QUOTES = { "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": " - ", "\u2014": " - ", "\u2011": "-", "\u2212": "-", "\u00a0": " " };
  var W = "\\p{L}\\p{N}_";
  var URL_RE = new RegExp("(?:https?://|ftp://|www\\.)[^\\s<>()\"]*[^\\s<>()\".,;:!?']|(?:mailto:)?[" + W + ".+-]+@[" + W + "-]+(?:\\.[" + W + "-]+)+", "giu");
  var TOKENS = new Map();

  function tokens(text) {
    var hit = TOKENS.get(text);
    if (hit) return hit;
    var t = text.normalize("NFKC").replace(/[\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb\u2013\u2014\u2011\u2212\u00a0]/g, function (c) { return QUOTES[c]; });
    t = t.replace(/<h[1-6][^>]*>[\s\S]*?<\/h[1-6]>/gi, " ").replace(/<\/?[A-Za-z][^<>]*>|&[a-z]+;|&#\d+;/g, " ");
    t = t.replace(URL_RE, " url ").replace(new RegExp("(?<=[" + W + "])[-'](?=[" + W + "])", "gu"), "");
    hit = (t.match(new RegExp("[" + W + "]+", "gu")) || []).map(function (x) { return x.toLowerCase(); });
    TOKENS.set(text, hit);
    return hit;
  }
  function chars(s) { return Array.from(s); }
  var NUMBER_WORDS = new Set(("one two three four five six seven eight nine ten eleven twelve twenty thirty sixty ninety hundred thousand " +
    "un une deux trois quatre cinq six sept huit neuf dix douze vingt trente cent mille " +
    "ein eine zwei drei vier fünf sechs sieben acht neun zehn zwölf zwanzig dreißig hundert tausend " +
    "en et to tre fire fem seks syv otte ni ti tolv tyve tredive hundrede tusind sju åtta tio " +
    "uno dos tres cuatro cinco seis siete ocho nueve diez doce veinte treinta cien " +
    "due quattro sei sette otto nove dieci dodici venti trenta " +
    "een twee drie vijf zes zeven negen tien twaalf twintig dertig honderd " +
    "dois três quatro sete oito dez doze vinte trinta").split(" "));
  var FUNCTION_NUMBERS = new Set("to en et un une ein eine ni due fire sei tre cent".split(" "));
  var NEGATION_WORDS = new Set("not no nor never none now cannot non nicht kein keine ne pas ikke aldrig".split(" "));
  var CONJUNCTIONS = new Set("and or nor but".split(" "));
  var REFERENCE = new Set(("the these those such same other following above below said which original compatible specified described " +
    "listed this that any all").split(" "));
  var POINTERS = new Set(("above below earlier later following preceding described mentioned set out forth herein " +
    "section sections part chapter paragraph").split(" "));
  /* words of country and region names (editorial._places, filled in from Babel by notices_js()) */
  var PLACES = new Set(/*notices:places*/[]);
  var CAPITALISED = new RegExp("(?<![.!?:]\\s)(?<!^)(?<![" + W + "])[A-Z][" + W + "&'\u2019.-]*", "gu");

  function isNumber(t) { return /\p{Nd}/u.test(t) || NUMBER_WORDS.has(t); }
  /* editorial._numeric: a digit, or a number word where the other side has a number too */
  function numeric(gone, came) {
    var all = gone.concat(came);
    if (!all.some(isNumber)) return false;
    if (all.some(function (t) { return isNumber(t) && !FUNCTION_NUMBERS.has(t); })) return true;
    return gone.some(isNumber) && came.some(isNumber);
  }
  /* editorial._name_number: a number dropped from or added to a name it is written into */
  function nameNumber(a, b) {
    if (a === b) return true;
    if (!/^\p{L}/u.test(a) || !/^\p{L}/u.test(b)) return false;
    var da = /\p{Nd}/u.test(a), db = /\p{Nd}/u.test(b);
    return da !== db && a.replace(/\p{Nd}+/gu, "") === b.replace(/\p{Nd}+/gu, "");
  }
  function oneEdit(a, b) {
    var x = chars(a), y = chars(b);
    if (Math.abs(x.length - y.length) > 1) return false;
    if (x.length === y.length) return x.filter(function (c, i) { return c !== y[i]; }).length === 1;
    var s = x.length < y.length ? x : y, l = x.length < y.length ? y : x;
    for (var i = 0; i < l.length; i++) { if (l.slice(0, i).concat(l.slice(i + 1)).join("") === s.join("")) return true; }
    return false;
  }
  /* editorial._similar */
  function similar(a, b) {
    if (!/^\p{L}+$/u.test(a) || !/^\p{L}+$/u.test(b) || NEGATION_WORDS.has(a) || NEGATION_WORDS.has(b)) return false;
    if (NUMBER_WORDS.has(a) || NUMBER_WORDS.has(b) || PLACES.has(a) || PLACES.has(b)) return false;
    var n = Math.min(chars(a).length, chars(b).length);
    if (n < 4) return n >= 3 && oneEdit(a, b);
    return matcher(chars(a), chars(b)).ratio() >= 0.8;
  }
  function allSimilar(x, y) { return x.length === y.length && x.every(function (t, i) { return similar(t, y[i]); }); }
  function urls(text) { return text.match(URL_RE) || []; }
  function sameList(x, y) { return x.length === y.length && x.every(function (t, i) { return t === y[i]; }); }
  function crossReference(words, text) {
    if (!words.length || !words.some(function (w) { return POINTERS.has(w); })) return false;
    var titles = new Set();
    (text.match(CAPITALISED) || []).forEach(function (f) { tokens(f).forEach(function (t) { titles.add(t); }); });
    return words.every(function (w) { return POINTERS.has(w) || REFERENCE.has(w) || titles.has(w); });
  }
  function intersects(words, set) {
    var out = new Set();
    words.forEach(function (w) { if (set.has(w)) out.add(w); });
    return Array.from(out).sort().join(" ");
  }
  /* editorial._opcodes: the common head and tail of two sentences kept out of the matcher */
  function wordOpcodes(a, b) {
    var head = 0, tail = 0;
    while (head < a.length && head < b.length && a[head] === b[head]) head++;
    while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
    var codes = head ? [["equal", 0, head, 0, head]] : [];
    matcher(a.slice(head, a.length - tail), b.slice(head, b.length - tail)).opcodes().forEach(function (o) {
      if (o[1] !== o[2] || o[3] !== o[4]) codes.push([o[0], o[1] + head, o[2] + head, o[3] + head, o[4] + head]);
    });
    if (tail) codes.push(["equal", a.length - tail, a.length, b.length - tail, b.length]);
    return codes;
  }

  /* [editorial, kinds], as editorial.is_editorial */
  function isEditorial(old, nw) {
    if (old === nw) return [true, []];
    var a = tokens(old), b = tokens(nw), kinds = [];
    if (sameList(a, b)) {
      if (!sameList(urls(old), urls(nw))) return [true, ["link"]];
      return [true, [old.toLowerCase() === nw.toLowerCase() ? "case" : "punctuation"]];
    }
    var ops = wordOpcodes(a, b);
    for (var n = 0; n < ops.length; n++) {
      var o = ops[n];
      if (o[0] === "equal") continue;
      var gone = a.slice(o[1], o[2]), came = b.slice(o[3], o[4]);
      if (o[0] === "replace" && gone.length === came.length && gone.every(function (t, i) { return nameNumber(t, came[i]); })) {
        kinds.push("names"); continue;
      }
      if (numeric(gone, came)) return [false, ["number"]];
      if (o[0] === "replace" && allSimilar(gone, came)) { kinds.push("spelling"); continue; }
      if (gone.join("") === came.join("")) { kinds.push("whitespace"); continue; }
      if (o[0] === "replace" && SAME.get(gone.join(" ")) === came.join(" ")) { kinds.push("wording"); continue; }
      if (o[0] === "replace" && intersects(gone, CONJUNCTIONS) !== intersects(came, CONJUNCTIONS)) return [false, ["words"]];
      var restGone = gone.filter(function (t) { return !FLOW.has(t); }), restCame = came.filter(function (t) { return !FLOW.has(t); });
      if (!restGone.length && !restCame.length) { kinds.push("wording"); continue; }
      if (allSimilar(restGone, restCame)) { kinds.push("spelling"); continue; }
      if (o[0] === "replace" && crossReference(restGone, old) && crossReference(restCame, nw)) { kinds.push("wording"); continue; }
      return [false, ["words"]];
    }
    return [true, kinds.filter(function (k, i) { return kinds.indexOf(k) === i; })];
  }

  function joinWords(words) { return words.map(function (w, i) { return (i && w[2] ? " " : "") + w[0]; }).join(""); }
  function unlinked(marks) { return marks.filter(function (m) { return m.indexOf("a:") !== 0; }).join("\u0002"); }
  function isUpper(c) { return c !== c.toLowerCase() && c === c.toUpperCase(); }

  function editKinds(gone, came) {
    if (gone.length === came.length && gone.every(function (g, i) { return g[0] === came[i][0]; })) {
      return gone.every(function (g, i) { return unlinked(g[1]) === unlinked(came[i][1]); }) ? ["link"] : ["formatting"];
    }
    var r = isEditorial(joinWords(gone), joinWords(came)), kinds = r[1];
    if (!r[0] || !kinds.length || !kinds.every(function (k) { return QUIET.indexOf(k) >= 0; })) return [];
    if (kinds.indexOf("spelling") >= 0 && gone.concat(came).some(function (w) { return w[0] && isUpper(chars(w[0])[0]); })) return [];
    return kinds;
  }

  /* segments are [op, words, editorial kinds, old words (for "~")] */
  function editorial(segs) {
    var out = [];
    for (var i = 0; i < segs.length; i++) {
      var s = segs[i];
      if (s[0] === "=") { out.push(s); continue; }
      var gone = [], came = s[1];
      if (s[0] === "-") {
        gone = s[1]; came = [];
        if (i + 1 < segs.length && segs[i + 1][0] === "+") { came = segs[i + 1][1]; i++; }
      }
      var kinds = editKinds(gone, came);
      if (kinds.length === 1 && kinds[0] === "link" && gone.length) { out.push(["~", came, kinds, gone]); continue; }
      if (gone.length) out.push(["-", gone, kinds]);
      if (came.length) out.push(["+", came, kinds]);
    }
    return out;
  }

  function ratio(x, y) {
    if (category(x) !== category(y)) return 0;
    return matcher(x.w.map(wkey), y.w.map(wkey)).ratio();
  }

  function pair(o, n) {
    if (wordsEqual(o.w, n.w)) return { s: "reformatted", o: o, n: n, g: [["=", n.w]] };
    return { s: "changed", o: o, n: n, g: wordSegments(o.w, n.w) };
  }

  function splits(olds, news) {
    var found = new Map();
    for (var i = 0; i < olds.length; i++) {
      var old = olds[i];
      for (var j = 0; j < news.length && !found.has(i); j++) {
        var words = [];
        for (var k = j; k < news.length; k++) {
          if (category(news[k]) !== category(old)) break;
          words = words.concat(news[k].w);
          if (words.length > old.w.length) break;
          if (k > j && wordsEqual(words, old.w)) { found.set(i, [j, k + 1]); break; }
        }
      }
    }
    return found;
  }

  function region(olds, news) {
    var out = [], pairs = [], usedOld = new Set(), usedNew = new Set(), i, j, k, n, o;
    splits(olds, news).forEach(function (span, i) {
      var j = span[0], k = span[1];
      for (var n = j; n < k; n++) if (usedNew.has(n)) return;
      usedOld.add(i);
      for (n = j; n < k; n++) {
        usedNew.add(n);
        pairs.push([i, n, { s: "split", o: n === j ? olds[i] : null, n: news[n], g: [["=", news[n].w]] }]);
      }
    });
    news.forEach(function (nb, j) {
      if (usedNew.has(j)) return;
      splits([nb], olds).forEach(function (span) {
        var i = span[0], k = span[1];
        for (var o = i; o < k; o++) if (usedOld.has(o)) return;
        usedNew.add(j);
        for (o = i; o < k; o++) {
          usedOld.add(o);
          pairs.push([o, j, { s: "joined", o: olds[o], n: o === k - 1 ? nb : null, g: [["=", olds[o].w]] }]);
        }
      });
    });
    var lastNew = -1;
    olds.forEach(function (old, i) {
      if (usedOld.has(i)) return;
      var best = SIMILAR, bestJ = -1;
      for (var j = lastNew + 1; j < news.length; j++) {
        if (usedNew.has(j)) continue;
        var r = ratio(old, news[j]);
        if (r >= best && r > 0) { best = r; bestJ = j; }
      }
      if (bestJ >= 0) { usedOld.add(i); usedNew.add(bestJ); lastNew = bestJ; pairs.push([i, bestJ, pair(old, news[bestJ])]); }
    });
    var freeOld = [], freeNew = [];
    olds.forEach(function (b, i) { if (!usedOld.has(i) && category(b) === "h") freeOld.push(i); });
    news.forEach(function (b, j) { if (!usedNew.has(j) && category(b) === "h") freeNew.push(j); });
    if (freeOld.length && freeOld.length === freeNew.length) {
      freeOld.forEach(function (oi, x) {
        var nj = freeNew[x];
        if (pairs.every(function (p) { return (p[0] < oi) === (p[1] < nj); })) {
          usedOld.add(oi); usedNew.add(nj); pairs.push([oi, nj, pair(olds[oi], news[nj])]);
        }
      });
    }
    pairs.sort(function (x, y) { return x[1] - y[1] || x[0] - y[0]; });
    i = 0; j = 0;
    pairs.forEach(function (p) {
      for (; i < p[0]; i++) if (!usedOld.has(i)) out.push({ s: "deleted", o: olds[i], n: null, g: [["-", olds[i].w]] });
      for (; j < p[1]; j++) if (!usedNew.has(j)) out.push({ s: "inserted", o: null, n: news[j], g: [["+", news[j].w]] });
      out.push(p[2]);
      i = Math.max(i, p[0] + 1); j = Math.max(j, p[1] + 1);
    });
    for (; i < olds.length; i++) if (!usedOld.has(i)) out.push({ s: "deleted", o: olds[i], n: null, g: [["-", olds[i].w]] });
    for (; j < news.length; j++) if (!usedNew.has(j)) out.push({ s: "inserted", o: null, n: news[j], g: [["+", news[j].w]] });
    return out;
  }

  function moves(blocks) {
    var inserted = new Map();
    blocks.forEach(function (b, i) {
      if (b.s === "inserted" && b.n && b.n.w.length) {
        var l = inserted.get(bkey(b.n)); if (l) l.push(i); else inserted.set(bkey(b.n), [i]);
      }
    });
    blocks.forEach(function (b, i) {
      if (b.s !== "deleted" || !b.o) return;
      var c = inserted.get(bkey(b.o));
      if (c && c.length) { var other = c.shift(); b.s = "moved-away"; b.p = other; blocks[other].s = "moved-here"; blocks[other].p = i; }
    });
  }

  function move(blocks, away, here, how) {
    [[away, "moved-away", here], [here, "moved-here", away]].forEach(function (t) {
      var b = blocks[t[0]];
      if (b.s !== "moved-away" && b.s !== "moved-here") { b.s = t[1]; b.p = t[2]; }
      if (!b.h) b.h = [];
      if (how && b.h.indexOf(how) < 0) b.h.push(how);
    });
  }

  function side(b, status) { return status === "deleted" ? b.o : b.n; }

  function runs(blocks, status) {
    var out = [];
    blocks.forEach(function (b, i) {
      var shown = side(b, status);
      if (b.s !== status || !shown || !shown.w.length) return;
      var last = out.length ? out[out.length - 1][out[out.length - 1].length - 1] : -2;
      if (last === i - 1 && category(blocks[last].n || blocks[last].o) === category(shown)) out[out.length - 1].push(i);
      else out.push([i]);
    });
    return out;
  }

  function regrouped(blocks, one, many) {
    runs(blocks, many).forEach(function (run) {
      for (var start = 0; start < run.length - 1; start++) {
        if (blocks[run[start]].s !== many) continue;
        var head = wkey(side(blocks[run[start]], many).w[0]);
        for (var i = 0; i < blocks.length; i++) {
          var b = blocks[i];
          if (b.s !== one || !side(b, one).w.length || wkey(side(b, one).w[0]) !== head) continue;
          var target = side(b, one), words = [], end;
          for (end = start; end < run.length; end++) {
            var part = side(blocks[run[end]], many);
            if (category(part) !== category(target) || blocks[run[end]].s !== many) break;
            words = words.concat(part.w);
            if (words.length >= target.w.length) break;
          }
          if (end === run.length) end--;
          if (end > start && wordsEqual(words, target.w)) {
            for (var x = start; x <= end; x++) {
              if (one === "deleted") move(blocks, i, run[x], "split"); else move(blocks, run[x], i, "joined");
            }
            break;
          }
        }
      }
    });
  }

  var KEPT_RUN = 4;
  function runsOfWords(b) {
    var keys = b.w.map(wkey), out = new Set();
    for (var k = 0; k + KEPT_RUN <= keys.length; k++) out.add(keys.slice(k, k + KEPT_RUN).join("\u0004"));
    return out;
  }

  function editedMoves(blocks) {
    var gone = [], came = [], candidates = [], kept = new Map(), runs = new Map();
    blocks.forEach(function (b, i) {
      if (b.s === "deleted" && b.o && b.o.w.length) gone.push(i);
      if (b.s === "inserted" && b.n && b.n.w.length) came.push(i);
    });
    if (!gone.length || !came.length) return;
    gone.forEach(function (i) { if (category(blocks[i].o) !== "h") kept.set(i, runsOfWords(blocks[i].o)); });
    came.forEach(function (j) { runs.set(j, runsOfWords(blocks[j].n)); });
    function shares(i, j) { var a = kept.get(i), b = runs.get(j), found = false; b.forEach(function (x) { if (a.has(x)) found = true; }); return found; }
    gone.forEach(function (i) {
      var old = blocks[i].o;
      if (category(old) === "h") return;
      came.forEach(function (j) {
        var nw = blocks[j].n;
        if (category(nw) !== category(old) || !shares(i, j)) return;
        var r = matcher(old.w.map(wkey), nw.w.map(wkey)).ratio();
        if (r >= SIMILAR) candidates.push([-r, i, j]);
      });
    });
    candidates.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
    candidates.forEach(function (c) {
      if (blocks[c[1]].s === "deleted" && blocks[c[2]].s === "inserted") move(blocks, c[1], c[2], "edited");
    });
  }

  /* the headings each block sits under (a heading includes itself), as Block.headings */
  function paths(list) {
    var stack = [];
    list.forEach(function (b) {
      if (/^h\d$/.test(b.k)) {
        var level = Number(b.k.slice(1));
        stack = stack.filter(function (h) { return h[0] < level; }).concat([[level, bkey(b)]]);
      }
      b._path = stack.map(function (h) { return h[1]; });
    });
  }

  function renamedMoves(blocks) {
    var moved = new Map();
    function key(x, y) { return x.join("\u0005") + "\u0006" + y.join("\u0005"); }
    blocks.forEach(function (b) {
      if (b.s === "moved-away" && b.p !== undefined && b.o) {
        var other = blocks[b.p].n;
        if (!other) return;
        for (var a = 1; a <= b.o._path.length; a++) {
          for (var c = 1; c <= other._path.length; c++) {
            var k = key(b.o._path.slice(0, a), other._path.slice(0, c));
            moved.set(k, (moved.get(k) || 0) + 1);
          }
        }
      }
    });
    if (!moved.size) return;
    var gone = [], came = [];
    blocks.forEach(function (b, i) {
      if (b.s === "deleted" && b.o && category(b.o) === "h") gone.push(i);
      if (b.s === "inserted" && b.n && category(b.n) === "h") came.push(i);
    });
    gone.forEach(function (i) {
      var old = blocks[i].o, best = 0, bestJ = -1;
      came.forEach(function (j) {
        var count = moved.get(key(old._path, blocks[j].n._path)) || 0;
        if (count > best && blocks[j].s === "inserted") { best = count; bestJ = j; }
      });
      if (bestJ >= 0) move(blocks, i, bestJ, "renamed");
    });
  }

  function farMoves(blocks) {
    if (!blocks.some(function (b) { return b.s === "deleted"; }) || !blocks.some(function (b) { return b.s === "inserted"; })) return;
    regrouped(blocks, "deleted", "inserted");
    regrouped(blocks, "inserted", "deleted");
    editedMoves(blocks);
    renamedMoves(blocks);
  }

  function diffBlocks(old, nw) {
    var out = [];
    paths(old); paths(nw);
    matcher(old.map(bkey), nw.map(bkey)).opcodes().forEach(function (o) {
      if (o[0] === "equal") {
        for (var x = 0; x < o[2] - o[1]; x++) {
          var a = old[o[1] + x], b = nw[o[3] + x];
          out.push({ s: a.k === b.k && a.c === b.c ? "equal" : "reformatted", o: a, n: b, g: [["=", b.w]] });
        }
      } else out = out.concat(region(old.slice(o[1], o[2]), nw.slice(o[3], o[4])));
    });
    moves(out);
    farMoves(out);
    return out;
  }

  /* ---- HTML, as site/redline.py writes it ---- */
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" }[c]; }); }
  var OPEN = { strong: "<strong>", em: "<em>", code: "<code>", s: "<s>" }, CLOSE = { strong: "</strong>", em: "</em>", code: "</code>", s: "</s>" };
  /* a link whose scheme could run is shown as its text (as in site/redline.py) */
  function safeLink(u) {
    var m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(String(u).replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+/, ""));
    return !m || /^(https?|mailto)$/i.test(m[1]);
  }
  function open(m) { return m.indexOf("a:") === 0 ? (safeLink(m.slice(2)) ? '<a href="' + esc(m.slice(2)) + '">' : "") : OPEN[m] || ""; }
  function close(m) { return m.indexOf("a:") === 0 ? (safeLink(m.slice(2)) ? "</a>" : "") : CLOSE[m] || ""; }

  function wordsHtml(words, first) {
    var out = [], run = [];
    function flush() {
      if (!run.length) return;
      var marks = run[0][1], text = "";
      run.forEach(function (w, i) { if (w[2] && (i || out.length || !first)) text += " "; text += esc(w[0]); });
      var lead = text.charAt(0) === " " ? " " : "";
      out.push(lead + marks.map(open).join("") + text.replace(/^ +/, "") + marks.slice().reverse().map(close).join(""));
      run = [];
    }
    words.forEach(function (w) { if (run.length && run[0][1].join("\u0002") !== w[1].join("\u0002")) flush(); run.push(w); });
    flush();
    return out.join("");
  }

  /* a "~" segment as runs of [new words, old words] with one formatting each side (diff.py relinked_runs) */
  function relinkedRuns(seg) {
    var out = [], words = seg[1], was = seg[3], start = 0;
    function same(x, y) { return words[x][1].join("\u0002") === words[y][1].join("\u0002") && was[x][1].join("\u0002") === was[y][1].join("\u0002"); }
    for (var end = 1; end <= words.length; end++) {
      if (end === words.length || !same(end, start)) { out.push([words.slice(start, end), was.slice(start, end)]); start = end; }
    }
    return out;
  }
  function shownTarget(u) { return u.replace(/^(?:\.\.\/)+/, ""); }
  function targets(words) {
    var out = [];
    words.forEach(function (w) { w[1].forEach(function (m) { if (m.indexOf("a:") === 0 && out.indexOf(shownTarget(m.slice(2))) < 0) out.push(shownTarget(m.slice(2))); }); });
    return out;
  }
  /* The page's words (the compare form's data-notices-messages, redline.redline_words and
     compare.script_words); English, filled in by the build, where a page gives none. */
  var ENGLISH = /*notices:words*/{};
  var WORDS = ENGLISH;
  function w(key) { return key in WORDS ? WORDS[key] : ENGLISH[key]; }
  function put(template, values) {
    return template.replace(/\{([a-z_]+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }
  function joined(items, key) {
    var out = esc(items[0]);
    for (var i = 1; i < items.length; i++) out = put(w(key), { first: out, second: esc(items[i]) });
    return out;
  }
  function linkNote(old, nw) {
    if (old.length && nw.length) return put(w("link-changed"), { targets: joined(old, "and") });
    return nw.length ? w("link-added") : put(w("link-removed"), { targets: joined(old, "and") });
  }
  function relinked(seg, first) {
    var out = [];
    relinkedRuns(seg).forEach(function (r) {
      var html = wordsHtml(r[0], first && !out.length);
      if (r[0][0][1].join("\u0002") !== r[1][0][1].join("\u0002")) {
        var lead = html.charAt(0) === " " ? " " : "";
        html = lead + '<span class="notices-relink">' + html.replace(/^ +/, "") + '<span class="notices-linknote"> (' +
          linkNote(targets(r[1]), targets(r[0])) + ")</span></span>";
      }
      out.push(html);
    });
    return out.join("");
  }

  function segment(seg, first) {
    if (seg[0] === "~") return relinked(seg, first);
    var inner = wordsHtml(seg[1], first), lead = inner.charAt(0) === " " ? " " : "";
    inner = inner.replace(/^ +/, "");
    if (seg[0] === "=") return lead + inner;
    var tag = seg[0] === "-" ? "del" : "ins", said = seg[0] === "-" ? "removed" : "added";
    if (seg[2] && seg[2].length) return lead + "<" + tag + ' class="notices-ed"><span class="notices-sr">' + w(said + "-ed") + "</span>" + inner + "</" + tag + ">";
    return lead + "<" + tag + '><span class="notices-sr">' + w(said) + "</span>" + inner + "</" + tag + ">";
  }

  function cells(segs) {
    var out = [[]];
    segs.forEach(function (seg) {
      var part = [];
      seg[1].forEach(function (w) {
        var isCell = w[1].indexOf("cell") >= 0;
        if (isCell && seg[0] !== "-") { if (part.length) out[out.length - 1].push([seg[0], part]); part = []; out.push([]); }
        else if (!isCell) part.push(w);
      });
      if (part.length) out[out.length - 1].push([seg[0], part]);
    });
    return out;
  }

  function container(b) {
    if (b.k === "li") return b.c === "ul" || b.c === "ol" ? b.c : "ul";
    if (b.k === "tr" || b.k === "th") return "table";
    return b.c === "blockquote" || b.c === "admonition" || b.c === "footnotes" ? b.c : "";
  }

  var NOTED = { "moved-away": 1, "moved-here": 1, split: 1, joined: 1, reformatted: 1 };

  /* the kinds, when every edit in a changed block is editorial (RedBlock.editorial) */
  function blockEditorial(b) {
    if (b.s !== "changed") return [];
    var kinds = [];
    for (var i = 0; i < b.g.length; i++) {
      var seg = b.g[i];
      if (seg[0] === "=") continue;
      if (!seg[2] || !seg[2].length) return [];
      seg[2].forEach(function (k) { if (kinds.indexOf(k) < 0) kinds.push(k); });
    }
    return kinds;
  }

  function movedLabel(blocks, i, numbers) {
    var b = blocks[i], away = b.s === "moved-away";
    var place = '<a href="#change-' + numbers.get(b.p) + '">' + w(b.p > i ? "below" : "above") + "</a>";
    var label = put(w(away ? "moved-to" : "moved-from"), { place: place });
    (b.h || []).forEach(function (how) {
      var other = away ? blocks[b.p].n : blocks[b.p].o;
      if (how === "renamed" && other) how = put(w(away ? "renamed-to" : "renamed-from"), { title: esc(joinWords(other.w)) });
      else how = ("how-" + how) in ENGLISH ? w("how-" + how) : esc(how);
      label += ", " + how;
    });
    return label;
  }

  function redlineHtml(blocks) {
    var numbers = new Map(), out = [], openC = "", legend = "";
    blocks.forEach(function (b, i) { if (b.s !== "equal") numbers.set(i, numbers.size + 1); });
    var OPEN = { table: "<table><tbody>", admonition: '<div class="admonition">', footnotes: '<div class="footnote">' };
    var CLOSE = { table: "</tbody></table>", admonition: "</div>", footnotes: "</div>" };
    function end(c) { return CLOSE[c] || "</" + c + ">"; }
    function start(c) { return OPEN[c] || "<" + c + ">"; }
    blocks.forEach(function (b, i) {
      var shown = b.n || b.o, c = container(shown), attrs = "", note = "";
      if (c !== openC) { if (openC) out.push(end(openC)); if (c) out.push(start(c)); openC = c; }
      if (numbers.has(i)) {
        var ed = blockEditorial(b), quiet = ed.length || b.s === "reformatted" ? " notices-editorial" : "";
        attrs = ' id="change-' + numbers.get(i) + '" class="notices-change notices-' + b.s + quiet + '" tabindex="-1"';
        var label = NOTED[b.s] ? w(b.s) : "";
        if ((b.s === "moved-away" || b.s === "moved-here") && b.p !== undefined) label = movedLabel(blocks, i, numbers);
        else if (ed.length) label = put(w("editorial"), { kinds: ed.map(function (k) { return ("kind-" + k) in ENGLISH ? w("kind-" + k) : esc(k); }).join(", ") });
        if (ed.length || b.g.some(function (seg) { return seg[2] && seg[2].length; })) legend = w("legend");
        if (label) note = '<span class="notices-badge notices-note">' + label + "</span> ";
      }
      if (shown.k === "tr" || shown.k === "th") {
        var cell = shown.k === "th" ? "th" : "td";
        var body = cells(b.g).map(function (cs) {
          return "<" + cell + ">" + cs.map(function (s, x) { return segment(s, x === 0); }).join("") + "</" + cell + ">";
        }).join("");
        if (note) body = body.replace("<" + cell + ">", "<" + cell + ">" + note);
        out.push("<tr" + attrs + ">" + body + "</tr>");
        return;
      }
      var inner = note + b.g.map(function (s, x) { return segment(s, x === 0); }).join("").trim();
      if (shown.k === "hr") out.push("<hr" + attrs + ">");
      else if (shown.k === "code") out.push("<pre" + attrs + "><code>" + inner + "</code></pre>");
      else if (shown.k === "li") out.push("<li" + attrs + (shown.d > 1 ? ' data-depth="' + shown.d + '"' : "") + ">" + inner + "</li>");
      else out.push("<" + shown.k + attrs + ">" + inner + "</" + shown.k + ">");
    });
    if (openC) out.push(end(openC));
    return { html: out.join("\n"), count: numbers.size, legend: legend };
  }

  /* ---- page behaviour ---- */
  function changes() { return Array.prototype.slice.call(document.querySelectorAll(".notices-change")); }

  function step(direction) {
    var list = changes(); if (!list.length) return;
    var current = list.findIndex(function (el) { return "#" + el.id === location.hash; });
    if (current < 0) {
      var y = 80;
      current = direction > 0 ? list.findIndex(function (el) { return el.getBoundingClientRect().top > y; }) - 1 : list.length;
      if (direction > 0 && current < -1) current = list.length - 1;
    }
    var next = Math.min(list.length - 1, Math.max(0, current + direction));
    var target = list[next];
    history.replaceState(null, "", "#" + target.id);
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-notices-step]");
    if (!button) return;
    event.preventDefault();
    step(Number(button.getAttribute("data-notices-step")));
  });

  /* "3 changes." in the page's language: the form for the number's CLDR plural category */
  function counted(n) {
    var table = w("count"), category = "other";
    try { category = new Intl.PluralRules(w("lang")).select(n); } catch (e) { /* an unknown tag: the default */ }
    return table[category] || table.other || table.one;
  }
  /* A day as the page's dates read (Babel's long format; plain English day month year). */
  function longDate(iso, tag) {
    var at = new Date(iso + "T00:00:00Z");
    var locale = !tag || /^en$/i.test(tag) ? "en-GB" : tag;
    try {
      var said = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(at);
      return /^fr\b/i.test(locale) && at.getUTCDate() === 1 ? said.replace(/^1 /, "1er ") : said;  // as i18n.date
    } catch (e) { return iso; }
  }

  function compare(form) {
    var given = form.getAttribute("data-notices-messages");
    if (given) WORDS = JSON.parse(given);
    var versions = JSON.parse(form.getAttribute("data-versions")), result = document.getElementById("notices-compare-result");
    var params = new URLSearchParams(location.search), from = params.get("from"), to = params.get("to");
    if (!from && !to) return;
    var bad = [from, to].filter(function (v) { return versions.indexOf(v) < 0; });
    if (bad.length) {
      result.innerHTML = '<div class="admonition failure" role="alert"><p class="admonition-title">' + w("unknown") + "</p><p>" +
        put(w("unknown-text"), { asked: joined(bad, "or"), versions: esc(versions.join(", ")) }) + "</p></div>";
      return;
    }
    form.elements.from.value = from; form.elements.to.value = to;
    function get(name) {
      return fetch(name).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
    }
    // the two versions, then only the parts of blocks/ that hold their blocks
    Promise.all([get(encodeURIComponent(from) + ".json"), get(encodeURIComponent(to) + ".json")]).then(function (pair) {
      var parts = {};
      pair.forEach(function (v) { v.blocks.forEach(function (i) { parts[Math.floor(i / v.chunk)] = true; }); });
      var wanted = Object.keys(parts);
      return Promise.all(wanted.map(function (n) { return get("blocks/" + n + ".json"); })).then(function (got) {
        return [got, pair[0], pair[1]];
      });
    }).then(function (data) {
      var table = {};
      data[0].forEach(function (part) { part.blocks.forEach(function (b, k) { table[part.first + k] = b; }); });
      var pick = function (v) { return v.blocks.map(function (i) { return table[i]; }); };
      var red = redlineHtml(diffBlocks(pick(data[1]), pick(data[2])));
      var nav = red.count ? put(w("nav"), { counted: put(counted(red.count), { count: String(red.count) }) }) + red.legend :
        '<p class="notices-nochange">' + w("nochange") + "</p>";
      result.innerHTML = '<h2 id="compare-result">' + put(w("result"), { old: esc(from), "new": esc(to) }) + "</h2>" + nav +
        '<div class="notices-redline">' + red.html + "</div>";
      result.setAttribute("data-ready", "true");
    }).catch(function () {
      result.innerHTML = '<p role="alert">' + w("failed") + "</p>";
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("notices-when")) return;
    event.preventDefault();
    var day = form.elements.date.value, versions = JSON.parse(form.getAttribute("data-versions")), target = null;
    versions.forEach(function (v) { if (v[0] <= day) target = v[1]; });
    var status = form.querySelector(".notices-when-result");
    if (!day) return;
    var said = JSON.parse(form.getAttribute("data-notices-messages") || "{}");
    var none = said.none || "No version was in effect on {date}; the first took effect on {first}.";
    var gone = said.withdrawn || "No version was in effect on {date}: the notice was withdrawn on {last}.";
    if (target === null) { status.textContent = put(none, { date: longDate(day, said.lang), first: longDate(versions[0][0], said.lang) }); return; }
    if (target === "") { status.textContent = put(gone, { date: longDate(day, said.lang), last: longDate(versions[versions.length - 1][0], said.lang) }); return; }
    location.href = target;
  });

  function init() {
    var form = document.querySelector("form.notices-compare");
    if (form) compare(form);
    // a printed copy names the absolute address of its version, wherever the site is served
    document.querySelectorAll(".notices-permanent a").forEach(function (a) { a.textContent = a.href; });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
  window.noticesRedline = { diffBlocks: diffBlocks, redlineHtml: redlineHtml, isEditorial: isEditorial };
})();
