// The page of qcdc-check: send a document to /api/v1/check, show its text with every finding marked at its
// span, the findings beside it, filters and downloads. Document text is untrusted: it only ever reaches the
// page through textContent, never as markup.
"use strict";

const T = {
  vi: {
    title: "Kiểm tra kế hoạch thực hiện dân chủ ở cơ sở",
    inputHeading: "Văn bản cần kiểm tra",
    drop: "Kéo thả tệp vào đây hoặc bấm để chọn tệp (.docx, .pdf, .txt, .md)",
    pasteSummary: "… hoặc dán nội dung văn bản",
    pastePlaceholder: "Dán toàn văn kế hoạch vào đây",
    asOf: "Kiểm tra theo ngày (để trống: ngày của kế hoạch)",
    preIssuance: "Sắp trình ký (chặt hơn với phần đầu và chữ ký)",
    token: "Mã truy cập",
    check: "Kiểm tra",
    checking: "Đang kiểm tra…",
    resultHeading: "Kết quả",
    showSeverity: "Hiện mức",
    error: "lỗi", warning: "cảnh báo", info: "thông tin",
    rule: "Quy tắc", allRules: "Tất cả quy tắc",
    downloadJson: "Tải báo cáo JSON", downloadSarif: "Tải SARIF", downloadDocx: "Tải bản .docx có nhận xét",
    footer: "Kết quả do công cụ đưa ra để người soạn thảo kiểm tra lại; không thay thế ý kiến thẩm định pháp lý.",
    noDocument: "Hãy chọn một tệp hoặc dán nội dung văn bản.",
    pass: "Đạt: không có phát hiện nào ở mức lỗi.",
    passAt: (lvl) => `Đạt: không có phát hiện nào từ mức ${lvl} trở lên.`,
    fail: (n) => `Chưa đạt: ${n} phát hiện cần sửa trước khi trình ký.`,
    clean: "Không có phát hiện nào.",
    counts: (e, w, i) => `${e} lỗi, ${w} cảnh báo, ${i} thông tin`,
    planDate: "Ngày của kế hoạch",
    docDate: "Ngày của văn bản",
    line: "dòng", paragraph: "đoạn", page: "trang", column: "cột",
    fix: "Gợi ý sửa", safe: "có thể sửa tự động", unsafe: "cần người kiểm tra lại câu văn",
    why: "Vì sao", legalBasis: "Căn cứ", howToFix: "Cách sửa",
    needToken: "Máy chủ yêu cầu mã truy cập: hãy nhập mã rồi kiểm tra lại.",
    network: "Không kết nối được với máy chủ kiểm tra.",
    notChecked: "Văn bản không được kiểm tra.",
    documentLabel: "Nội dung văn bản",
  },
  en: {
    title: "Check a grassroots-democracy plan",
    inputHeading: "Document to check",
    drop: "Drop a file here or click to choose one (.docx, .pdf, .txt, .md)",
    pasteSummary: "… or paste the text",
    pastePlaceholder: "Paste the whole plan here",
    asOf: "Check as of (empty: the plan's own date)",
    preIssuance: "About to be signed (stricter on the header and signature)",
    token: "Access token",
    check: "Check",
    checking: "Checking…",
    resultHeading: "Result",
    showSeverity: "Show",
    error: "error", warning: "warning", info: "info",
    rule: "Rule", allRules: "All rules",
    downloadJson: "Download JSON report", downloadSarif: "Download SARIF", downloadDocx: "Download .docx with comments",
    footer: "A tool's findings, for the drafter to check; not a legal review.",
    noDocument: "Choose a file or paste the text.",
    pass: "Pass: no finding at error level.",
    passAt: (lvl) => `Pass: no finding at ${lvl} level or above.`,
    fail: (n) => `Not yet: ${n} finding(s) to fix before signing.`,
    clean: "No findings.",
    counts: (e, w, i) => `${e} error(s), ${w} warning(s), ${i} info`,
    planDate: "Plan date",
    docDate: "Document date",
    line: "line", paragraph: "paragraph", page: "page", column: "column",
    fix: "Suggested fix", safe: "can be applied automatically", unsafe: "a person must re-read the sentence",
    why: "Why", legalBasis: "Legal basis", howToFix: "How to fix",
    needToken: "The server needs an access token: enter it and check again.",
    network: "Cannot reach the checking server.",
    notChecked: "The document was not checked.",
    documentLabel: "Document text",
  },
};
const RANK = { info: 0, warning: 1, error: 2 };

const state = { lang: "vi", file: null, result: null, rules: {} };
const $ = (id) => document.getElementById(id);
const t = (key) => T[state.lang][key];

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

// ------------------------------------------------------------------ language
function setLang(lang) {
  state.lang = lang;
  document.documentElement.lang = lang;
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  for (const node of document.querySelectorAll("[data-tp]")) node.placeholder = t(node.dataset.tp);
  $("document").setAttribute("aria-label", t("documentLabel"));
  $("lang-vi").setAttribute("aria-pressed", String(lang === "vi"));
  $("lang-en").setAttribute("aria-pressed", String(lang === "en"));
  state.rules = {};
  if (state.result) runCheck(); // the messages come from the server in the chosen language
}

// ------------------------------------------------------------------ requests
function headers(extra) {
  const h = Object.assign({}, extra || {});
  const token = $("token").value.trim();
  if (token) h.Authorization = "Bearer " + token;
  return h;
}

function query(extra) {
  const q = new URLSearchParams({ lang: state.lang });
  if ($("as-of").value) q.set("as_of", $("as-of").value);
  if ($("pre-issuance").checked) q.set("pre_issuance", "true");
  for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
  return q.toString();
}

function body() {
  if (state.file) {
    const form = new FormData();
    form.append("file", state.file, state.file.name);
    return { body: form, headers: headers() };
  }
  const text = $("paste").value;
  if (!text.trim()) return null;
  return { body: JSON.stringify({ text, filename: "van-ban.txt" }), headers: headers({ "Content-Type": "application/json" }) };
}

async function post(path, extra) {
  const b = body();
  if (!b) throw new Error(t("noDocument"));
  let response;
  try {
    response = await fetch(path + "?" + query(extra), { method: "POST", body: b.body, headers: b.headers });
  } catch (e) {
    throw new Error(t("network"));
  }
  if (response.status === 401) {
    $("token-box").hidden = false;
    throw new Error(t("needToken"));
  }
  if (!response.ok) {
    let message = response.status + " " + response.statusText;
    try { message = (await response.json()).message || message; } catch (e) { /* not JSON */ }
    throw new Error(message);
  }
  return response;
}

async function runCheck() {
  showError("");
  $("busy").textContent = t("checking");
  $("check").disabled = true;
  try {
    const response = await post("/api/v1/check", { view: "true" });
    state.result = await response.json();
    render();
  } catch (e) {
    state.result = null;
    $("result").hidden = true;
    showError(e.message);
  } finally {
    $("busy").textContent = "";
    $("check").disabled = false;
  }
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

async function ruleDoc(code) {
  if (!state.rules[code]) {
    const r = await fetch(`/api/v1/rules/${encodeURIComponent(code)}?lang=${state.lang}`, { headers: headers() });
    state.rules[code] = r.ok ? await r.json() : null;
  }
  return state.rules[code];
}

function save(blob, name) {
  const a = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

function baseName() {
  const name = state.file ? state.file.name : "van-ban.txt";
  return name.replace(/\.[^.]+$/, "") || "van-ban";
}

// ------------------------------------------------------------------ rendering
function render() {
  const r = state.result;
  const file = r.files[0];
  $("result").hidden = false;
  const s = r.summary;
  const reaching = file.findings.filter((f) => RANK[f.severity] >= RANK[r.fail_on]).length;
  const verdict = $("verdict");
  verdict.replaceChildren();
  if (!file.plan || !r.view) {
    verdict.className = "verdict";
    verdict.append(t("notChecked"));
  } else {
    verdict.className = "verdict " + (r.pass ? "pass" : "fail");
    verdict.append(r.pass ? (r.fail_on === "error" ? t("pass") : t("passAt")(t(r.fail_on))) : t("fail")(reaching));
    verdict.append(el("span", { class: "counts" }, " — ",
      s.error + s.warning + s.info === 0 ? t("clean") : t("counts")(s.error, s.warning, s.info)));
  }
  $("plan-date").textContent = file.plan
    ? `${t(file.plan.is_plan === false ? "docDate" : "planDate")}: ${formatDate(file.plan.date)} (${r.view ? r.view.date_source_text : file.plan.date_source})`
    : "";
  $("notes").replaceChildren(...file.notes.map((n) => el("li", {}, n)));
  $("dl-docx").hidden = !(state.file && /\.docx$/i.test(state.file.name));

  const select = $("rule-filter");
  const chosen = select.value;
  select.replaceChildren(el("option", { value: "" }, t("allRules")));
  for (const code of [...new Set(file.findings.map((f) => f.rule))].sort()) {
    const f = file.findings.find((x) => x.rule === code);
    select.append(el("option", { value: code }, `${code} ${f.name}`));
  }
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : "";
  renderDocument(file, r.view);
  renderFindings(file);
  applyFilters();
}

function formatDate(iso) {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

function where(f) {
  if (f.page != null) return `${t("page")} ${f.page}, ${t("line")} ${f.line}`;
  if (f.paragraph != null) return `${t("paragraph")} ${f.paragraph}`;
  return `${t("line")} ${f.line}, ${t("column")} ${f.column}`;
}

function renderDocument(file, view) {
  const pane = $("document");
  pane.replaceChildren();
  if (!view) return;
  // the finding(s) covering each character range of each line
  const cover = new Map(); // line -> [{from, to, finding}]
  for (const m of view.marks) {
    for (let line = m.line; line <= m.end_line; line++) {
      const text = view.lines[line - 1] || "";
      const from = line === m.line ? m.column - 1 : 0;
      const to = line === m.end_line ? m.end_column : text.length;
      if (!cover.has(line)) cover.set(line, []);
      cover.get(line).push({ from, to: Math.max(to, from + 1), finding: m.finding });
    }
  }
  const frag = document.createDocumentFragment();
  view.lines.forEach((text, i) => {
    const n = i + 1;
    const row = el("div", { class: "line", id: "line-" + n });
    row.append(el("span", { class: "ln", "data-n": String(n) }));
    const content = el("span", { class: "text" });
    const ranges = cover.get(n) || [];
    const cuts = new Set([0, text.length]);
    for (const r of ranges) { cuts.add(Math.min(r.from, text.length)); cuts.add(Math.min(r.to, text.length)); }
    const points = [...cuts].sort((a, b) => a - b);
    for (let k = 0; k < points.length - 1; k++) {
      const a = points[k], b = points[k + 1];
      const piece = text.slice(a, b);
      const over = ranges.filter((r) => r.from <= a && r.to >= b).map((r) => r.finding);
      if (!over.length) { content.append(piece); continue; }
      const worst = over.map((x) => file.findings[x].severity).sort((p, q) => RANK[q] - RANK[p])[0];
      const mark = el("mark", { class: "sev-" + worst, "data-findings": over.join(" "), tabIndex: 0 }, piece);
      mark.addEventListener("click", () => select(over[0], false));
      content.append(mark);
    }
    if (!text.length) content.append("\u00a0");
    row.append(content);
    frag.append(row);
  });
  pane.append(frag);
}

function renderFindings(file) {
  const list = $("findings");
  list.replaceChildren();
  file.findings.forEach((f, i) => {
    const head = el("button", { type: "button", class: "head" },
      el("span", { class: "sev " + f.severity }, t(f.severity)), " ",
      el("code", {}, f.rule), " ", el("span", { class: "where" }, where(f)));
    const item = el("li", { id: "finding-" + i, class: "finding", "data-rule": f.rule, "data-severity": f.severity },
      head, el("p", { class: "message" }, f.message));
    if (f.fix) {
      item.append(el("p", { class: "fix" }, el("strong", {}, t("fix") + ": "), el("q", {}, f.fix.replacement),
        ` (${t(f.fix.safety)})`));
    }
    item.append(el("div", { class: "doc", hidden: true }));
    head.addEventListener("click", () => select(i, true));
    list.append(item);
  });
}

async function select(i, scrollDocument) {
  for (const node of document.querySelectorAll(".finding.selected, mark.selected")) node.classList.remove("selected");
  const item = $("finding-" + i);
  if (!item) return;
  item.classList.add("selected");
  const marks = [...document.querySelectorAll("mark[data-findings]")]
    .filter((m) => m.dataset.findings.split(" ").includes(String(i)));
  marks.forEach((m) => m.classList.add("selected"));
  if (scrollDocument && marks.length) marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
  if (!scrollDocument) item.scrollIntoView({ block: "nearest", behavior: "smooth" });
  const box = item.querySelector(".doc");
  if (box.hidden) {
    const f = state.result.files[0].findings[i];
    const doc = await ruleDoc(f.rule);
    if (doc) {
      box.replaceChildren(el("p", { class: "summary" }, el("strong", {}, `${doc.code} ${doc.name}: `), doc.summary),
        el("p", {}, doc.description));
      for (const [key, field] of [["why", "why"], ["legalBasis", "legal_basis"], ["howToFix", "how_to_fix"]]) {
        if (doc[field]) box.append(el("p", {}, el("strong", {}, t(key) + ": "), doc[field]));
      }
      box.hidden = false;
    }
  }
}

function applyFilters() {
  const shown = new Set([...document.querySelectorAll("#severity-filter input:checked")].map((x) => x.value));
  const rule = $("rule-filter").value;
  const findings = state.result ? state.result.files[0].findings : [];
  const visible = findings.map((f) => shown.has(f.severity) && (!rule || f.rule === rule));
  findings.forEach((f, i) => { $("finding-" + i).hidden = !visible[i]; });
  for (const m of document.querySelectorAll("mark[data-findings]")) {
    const any = m.dataset.findings.split(" ").some((x) => visible[Number(x)]);
    m.classList.toggle("filtered", !any);
  }
}

// ------------------------------------------------------------------ wiring
function chooseFile(file) {
  state.file = file || null;
  $("file-name").textContent = file ? file.name : "";
  if (file) $("paste").value = "";
}

document.addEventListener("DOMContentLoaded", () => {
  const saved = new URLSearchParams(location.search).get("lang");
  setLang(saved === "en" ? "en" : "vi");
  $("lang-vi").addEventListener("click", () => setLang("vi"));
  $("lang-en").addEventListener("click", () => setLang("en"));
  $("file").addEventListener("change", (e) => chooseFile(e.target.files[0]));
  $("paste").addEventListener("input", () => { if ($("paste").value) { state.file = null; $("file").value = ""; $("file-name").textContent = ""; } });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files.length) chooseFile(e.dataTransfer.files[0]);
  });
  drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("file").click(); } });
  $("form").addEventListener("submit", (e) => { e.preventDefault(); runCheck(); });
  for (const box of document.querySelectorAll("#severity-filter input")) box.addEventListener("change", applyFilters);
  $("rule-filter").addEventListener("change", applyFilters);
  $("dl-json").addEventListener("click", () => {
    const report = Object.assign({}, state.result);
    delete report.view;
    save(new Blob([JSON.stringify(report, null, 2)], { type: "application/json" }), baseName() + ".qcdc.json");
  });
  $("dl-sarif").addEventListener("click", async () => {
    try {
      const response = await post("/api/v1/check", { format: "sarif" });
      save(await response.blob(), baseName() + ".sarif");
    } catch (e) { showError(e.message); }
  });
  $("dl-docx").addEventListener("click", async () => {
    try {
      const response = await post("/api/v1/annotate");
      save(await response.blob(), baseName() + "-qcdc.docx");
    } catch (e) { showError(e.message); }
  });
  fetch("/healthz").then((r) => r.json()).then((h) => { $("version").textContent = "qcdc-check " + h.version; }).catch(() => {});
});
