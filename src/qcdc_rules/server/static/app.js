// The page of qcdc-check: send one or several documents to /api/v1/check, show each one's text with every
// finding marked at its span, the findings beside it, filters, downloads and the fixes (/api/v1/fix). A scan
// (a PDF or image read by OCR) is also shown as its pages (/api/v1/pages) with each finding's boxes over them.
// Everything works by keyboard. Document text is untrusted: it only ever reaches the page through
// textContent, never as markup.
"use strict";

const T = {
  vi: {
    skip: "Bỏ qua, đến nội dung chính",
    title: "Kiểm tra kế hoạch thực hiện dân chủ ở cơ sở",
    inputHeading: "Văn bản cần kiểm tra",
    drop: "Kéo thả tệp vào đây, hoặc chọn một hay nhiều tệp: .docx, .pdf, .txt, .md, ảnh quét (.png, .jpg, .tif) hoặc tệp .zip chứa các tệp ấy",
    choose: "Chọn tệp…",
    chosen: (names) => `Đã chọn: ${names}`,
    noneChosen: "Chưa chọn tệp nào.",
    pasteSummary: "… hoặc dán nội dung văn bản",
    pasteLabel: "Nội dung văn bản",
    pastePlaceholder: "Dán toàn văn kế hoạch vào đây",
    asOf: "Kiểm tra theo ngày (để trống: ngày của kế hoạch)",
    asOfHint: "Viết theo dạng ngày/tháng/năm, ví dụ 01/07/2025.",
    badDate: (v) => `Ngày kiểm tra "${v}" không hợp lệ: hãy viết theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 01/07/2025.`,
    preIssuance: "Sắp trình ký (chặt hơn với phần đầu và chữ ký)",
    token: "Mã truy cập",
    check: "Kiểm tra",
    checking: "Đang kiểm tra…",
    checkingN: (n) => `Đang kiểm tra ${n} tệp…`,
    ocrPage: (file, k, n) => `Đang nhận dạng chữ (OCR) bản quét ${file}: trang ${k}/${n}…`,
    resultHeading: "Kết quả",
    batchHeading: "Các tệp đã kiểm tra",
    showSeverity: "Hiện mức",
    error: "lỗi", warning: "cảnh báo", info: "thông tin",
    rule: "Quy tắc", allRules: "Tất cả quy tắc",
    downloadJson: "Tải báo cáo JSON", downloadSarif: "Tải SARIF", downloadDocx: "Tải bản .docx có nhận xét",
    fixAll: "Áp dụng tất cả", fixOne: "Áp dụng sửa", fixUnsafe: "gồm cả gợi ý cần người đọc lại",
    fixing: "Đang áp dụng sửa…",
    fixed: (n, name) => `Đã áp dụng ${n} chỗ sửa; đã tải về tệp ${name}.`,
    fixesLeft: (n) => `Còn ${n} gợi ý chưa áp dụng (cần người đọc lại, trùng chỗ với gợi ý khác, hoặc không sửa tự động được chắc chắn): hãy sửa tay.`,
    fixedDocx: "Trong Word, các chỗ sửa hiện là thay đổi được theo dõi (Track Changes) để người soạn thảo chấp nhận hoặc từ chối.",
    footer: "Kết quả do công cụ đưa ra để người soạn thảo kiểm tra lại; không thay thế ý kiến thẩm định pháp lý.",
    noDocument: "Hãy chọn một tệp hoặc dán nội dung văn bản.",
    pass: "Đạt: không có phát hiện nào ở mức lỗi.",
    passAt: (lvl) => `Đạt: không có phát hiện nào từ mức ${lvl} trở lên.`,
    fail: (n) => `Chưa đạt: ${n} phát hiện cần sửa trước khi trình ký.`,
    clean: "Không có phát hiện nào.",
    counts: (e, w, i) => `${e} lỗi, ${w} cảnh báo, ${i} thông tin`,
    planDate: "Ngày của kế hoạch",
    docDate: "Ngày của văn bản",
    registry: (v, d) => `Sổ văn bản: phiên bản ${v}` + (d ? `, ngày ${d}` : ""),
    line: "dòng", paragraph: "đoạn", page: "trang", column: "cột",
    fix: "Gợi ý sửa", safe: "có thể sửa tự động", unsafe: "cần người kiểm tra lại câu văn",
    why: "Vì sao", legalBasis: "Căn cứ", howToFix: "Cách sửa",
    needToken: "Máy chủ yêu cầu mã truy cập: hãy nhập mã rồi kiểm tra lại.",
    network: "Không kết nối được với máy chủ kiểm tra.",
    notChecked: "Văn bản không được kiểm tra.",
    documentLabel: "Nội dung văn bản",
    loadingDoc: "Đang tải phần giải thích của quy tắc…",
    noDoc: "Không tải được phần giải thích của quy tắc này.",
    findingsLabel: "Các phát hiện",
    markLabel: (n) => `Mở phát hiện ${n}`,
    viewHeading: "Xem", showScan: "Bản quét", showText: "Chữ đọc được",
    scanHint: "Mỗi ô màu trên trang là một phát hiện: chọn ô (hoặc Tab rồi Enter) để mở phát hiện ấy.",
    scanLabel: "Bản quét",
    pageCaption: (n) => `Trang ${n}`,
    pageAlt: (n) => `Trang ${n} của bản quét`,
    loadingPage: (n) => `Đang tải hình trang ${n}…`,
    noPage: (n, why) => `Không tải được hình trang ${n}: ${why}`,
    scanMarkLabel: (n, rule) => `Phát hiện ${n} (${rule}) trên bản quét`,
  },
  en: {
    skip: "Skip to the main content",
    title: "Check a grassroots-democracy plan",
    inputHeading: "Document to check",
    drop: "Drop files here, or choose one or several: .docx, .pdf, .txt, .md, scans (.png, .jpg, .tif) or a .zip of them",
    choose: "Choose files…",
    chosen: (names) => `Chosen: ${names}`,
    noneChosen: "No file chosen.",
    pasteSummary: "… or paste the text",
    pasteLabel: "Document text",
    pastePlaceholder: "Paste the whole plan here",
    asOf: "Check as of (empty: the plan's own date)",
    asOfHint: "Write day/month/year, e.g. 01/07/2025.",
    badDate: (v) => `The date "${v}" is not valid: write day/month/year (dd/mm/yyyy), e.g. 01/07/2025.`,
    preIssuance: "About to be signed (stricter on the header and signature)",
    token: "Access token",
    check: "Check",
    checking: "Checking…",
    checkingN: (n) => `Checking ${n} files…`,
    ocrPage: (file, k, n) => `Reading the scan ${file} by OCR: page ${k} of ${n}…`,
    resultHeading: "Result",
    batchHeading: "Files checked",
    showSeverity: "Show",
    error: "error", warning: "warning", info: "info",
    rule: "Rule", allRules: "All rules",
    downloadJson: "Download JSON report", downloadSarif: "Download SARIF", downloadDocx: "Download .docx with comments",
    fixAll: "Apply all", fixOne: "Apply fix", fixUnsafe: "include fixes a person must re-read",
    fixing: "Applying fixes…",
    fixed: (n, name) => `${n} fix(es) applied; downloaded ${name}.`,
    fixesLeft: (n) => `${n} suggestion(s) not applied (a person must re-read them, they overlap another, or they cannot be written with certainty): fix them by hand.`,
    fixedDocx: "In Word the fixes show as tracked changes for the drafter to accept or reject.",
    footer: "A tool's findings, for the drafter to check; not a legal review.",
    noDocument: "Choose a file or paste the text.",
    pass: "Pass: no finding at error level.",
    passAt: (lvl) => `Pass: no finding at ${lvl} level or above.`,
    fail: (n) => `Not yet: ${n} finding(s) to fix before signing.`,
    clean: "No findings.",
    counts: (e, w, i) => `${e} error(s), ${w} warning(s), ${i} info`,
    planDate: "Plan date",
    docDate: "Document date",
    registry: (v, d) => `Registry: release ${v}` + (d ? `, of ${d}` : ""),
    line: "line", paragraph: "paragraph", page: "page", column: "column",
    fix: "Suggested fix", safe: "can be applied automatically", unsafe: "a person must re-read the sentence",
    why: "Why", legalBasis: "Legal basis", howToFix: "How to fix",
    needToken: "The server needs an access token: enter it and check again.",
    network: "Cannot reach the checking server.",
    notChecked: "The document was not checked.",
    documentLabel: "Document text",
    loadingDoc: "Loading the rule's explanation…",
    noDoc: "The rule's explanation could not be loaded.",
    findingsLabel: "Findings",
    markLabel: (n) => `Open finding ${n}`,
    viewHeading: "Show", showScan: "Scanned pages", showText: "Text read",
    scanHint: "Each coloured box on a page is a finding: choose it (or Tab, then Enter) to open that finding.",
    scanLabel: "Scanned pages",
    pageCaption: (n) => `Page ${n}`,
    pageAlt: (n) => `Page ${n} of the scan`,
    loadingPage: (n) => `Loading the image of page ${n}…`,
    noPage: (n, why) => `The image of page ${n} could not be loaded: ${why}`,
    scanMarkLabel: (n, rule) => `Finding ${n} (${rule}) on the scan`,
  },
};
const RANK = { info: 0, warning: 1, error: 2 };

// files: what was chosen; runs: one per document checked ({name, source: Blob, report | error}); current: shown;
// view: the scan's pages or the text read from them; scanShown: counts the scans shown (a late page is dropped)
const state = { lang: "vi", files: [], runs: [], current: 0, rules: {}, view: "scan", scanShown: 0 };
const $ = (id) => document.getElementById(id);
const t = (key) => T[state.lang][key];

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("data-") || k.startsWith("aria-") || k === "role") node.setAttribute(k, v);
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
  $("scan").setAttribute("aria-label", t("scanLabel"));
  $("findings").setAttribute("aria-label", t("findingsLabel"));
  $("lang-vi").setAttribute("aria-pressed", String(lang === "vi"));
  $("lang-en").setAttribute("aria-pressed", String(lang === "en"));
  showChosen();
  if (!$("as-of-error").hidden) validateDate();
  state.rules = {};
  if (state.runs.length) runCheck(false); // the messages come from the server in the chosen language
}

// ------------------------------------------------------------------ the date field: dd/mm/yyyy, as officers write
function parseDate(text) {
  const v = text.trim();
  if (!v) return "";
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  return `${m[3]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function validateDate() {
  const input = $("as-of");
  const iso = parseDate(input.value);
  const box = $("as-of-error");
  box.textContent = iso === null ? t("badDate")(input.value.trim()) : "";
  box.hidden = iso !== null;
  input.setAttribute("aria-invalid", String(iso === null));
  return iso;
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
  const iso = parseDate($("as-of").value);
  if (iso) q.set("as_of", iso);
  if ($("pre-issuance").checked) q.set("pre_issuance", "true");
  for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
  return q.toString();
}

// the documents to check: the chosen files, or the pasted text as a .txt
function sources() {
  if (state.files.length) return state.files.map((f) => ({ name: f.name, source: f }));
  const text = $("paste").value;
  if (!text.trim()) return [];
  return [{ name: "van-ban.txt", source: new Blob([text], { type: "text/plain;charset=utf-8" }) }];
}

// `own`: the query is only the language and `extra` (an operation that takes none of the check's options);
// `more`: headers of this request besides the token
async function send(path, form, extra, own, more) {
  let response;
  const q = own ? new URLSearchParams(Object.assign({ lang: state.lang }, extra)).toString() : query(extra);
  try {
    response = await fetch(path + "?" + q, { method: "POST", body: form, headers: headers(more) });
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
    const error = new Error(message);
    error.status = response.status;
    error.retry = Number(response.headers.get("Retry-After") || 0);
    throw error;
  }
  return response;
}

function formOf(run, fields) {
  const form = new FormData();
  form.append("file", run.source, run.name);
  for (const [k, v] of fields || []) form.append(k, v);
  return form;
}

// The reports of the documents, from one request with a `file` part for each (a batch, or a .zip of them): the
// answer's `files` are in the order sent, each with its findings, `pass`, `view`, or `error` when it could not
// be read (the others are still checked). Each run gets a report of its own file, as a single check gives it.
async function checkAll(runs) {
  const form = new FormData();
  for (const run of runs) form.append("file", run.source, run.name);
  const watch = watchProgress();
  let body;
  try {
    body = await (await send("/api/v1/check", form, { view: "true" }, false, { "X-QCDC-Progress": watch.token })).json();
  } finally {
    watch.stop();
  }
  const files = body.files || [];
  const zipped = files.length !== runs.length || runs.some((r) => /\.zip$/i.test(r.name)); // a .zip's entries are the documents
  return files.map((file, k) => {
    const run = zipped ? { name: file.path, source: null } : runs[k];
    const view = file.view || (files.length === 1 ? body.view : null);
    if (file.error) return Object.assign(run, { report: null, error: file.error.message || file.error.code });
    const summary = { error: 0, warning: 0, info: 0 };
    for (const f of file.findings) summary[f.severity] += 1;
    return Object.assign(run, { error: null, report: {
      registry: body.registry, files: [file], summary, view,
      pass: file.pass !== undefined ? file.pass : body.pass, fail_on: body.fail_on } });
  });
}

// While a check runs, how far it has got in reading a scan by OCR: the check is sent with a token of our making
// (header X-QCDC-Progress) and GET /api/v1/progress/{token} is asked every PROGRESS_MS; "page k of n" goes in the
// status line. A 404 (the check has not arrived yet, or is answered) or a failed poll changes nothing.
const PROGRESS_MS = 500;

function watchProgress() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  let stopped = false;
  let timer = null;
  async function poll() {
    try {
      const r = await fetch(`/api/v1/progress/${token}`, { headers: headers() });
      if (r.ok && !stopped) {
        const p = await r.json();
        if (p.state === "reading" && p.pages) {
          $("busy").textContent = t("ocrPage")(p.file, Math.min(p.done + 1, p.pages), p.pages);
        }
      }
    } catch (e) { /* the server is busy with the check: ask again */ }
    if (!stopped) timer = setTimeout(poll, PROGRESS_MS);
  }
  timer = setTimeout(poll, PROGRESS_MS);
  return { token, stop() { stopped = true; clearTimeout(timer); } };
}

async function runCheck(moveFocus) {
  showError("");
  const iso = validateDate();
  if (iso === null) {
    $("as-of").focus();
    return;
  }
  const list = sources();
  if (!list.length) {
    showError(t("noDocument"));
    return;
  }
  $("busy").textContent = list.length > 1 ? t("checkingN")(list.length) : t("checking");
  $("check").disabled = true;
  const keep = state.runs.length === list.length ? state.current : 0; // a new language: the same file stays shown
  try {
    state.runs = await checkAll(list.map((s) => ({ name: s.name, source: s.source, report: null, error: null })));
    state.current = keep;
    $("fix-status").textContent = "";
    renderBatch();
    render();
    if (moveFocus) $("result-h").focus();
  } catch (e) {
    state.runs = [];
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
  const run = state.runs[state.current];
  const name = run ? run.name : "van-ban.txt";
  return name.replace(/\.[^.]+$/, "") || "van-ban";
}

// the name a download goes by: Content-Disposition's filename* (RFC 5987), else its filename, else `fallback`
function dispositionName(header, fallback) {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) { try { return decodeURIComponent(star[2].trim()); } catch (e) { /* fall through */ } }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain ? plain[1].trim() : fallback;
}

// ------------------------------------------------------------------ fixes
function findingId(f) {
  return f.id != null ? String(f.id) : null;
}

// Apply the fixes of `findings` (all of them when null) to the current document and download the result.
async function applyFixes(findings, unsafe) {
  const run = state.runs[state.current];
  if (!run || !run.report) return;
  const fields = [];
  if (unsafe) fields.push(["unsafe", "true"]);
  for (const f of findings || []) fields.push(["finding", findingId(f)]);
  $("fix-status").textContent = t("fixing");
  showError("");
  try {
    const response = await send("/api/v1/fix", formOf(run, fields));
    const isDocx = /\.docx$/i.test(run.name);
    const fallback = baseName() + "-qcdc" + (isDocx ? ".docx" : run.name.match(/\.[^.]+$/) ? run.name.match(/\.[^.]+$/)[0] : ".txt");
    const name = dispositionName(response.headers.get("Content-Disposition"), fallback);
    const applied = Number(response.headers.get("X-QCDC-Fixes-Applied") || 0);
    const left = Number(response.headers.get("X-QCDC-Fixes-Left") || 0);
    save(await response.blob(), name);
    $("fix-status").textContent = t("fixed")(applied, name) + (isDocx && applied ? " " + t("fixedDocx") : "")
      + (left ? " " + t("fixesLeft")(left) : "");
  } catch (e) {
    $("fix-status").textContent = "";
    showError(e.message);
  }
}

// ------------------------------------------------------------------ rendering
function renderBatch() {
  const nav = $("batch");
  nav.hidden = state.runs.length < 2;
  $("current-file").hidden = state.runs.length < 2;
  const list = $("batch-list");
  list.replaceChildren();
  if (state.runs.length < 2) return;
  state.runs.forEach((run, k) => {
    let summary;
    if (run.report) {
      const s = run.report.summary;
      summary = run.report.pass ? "✓ " + t("counts")(s.error, s.warning, s.info) : "✗ " + t("counts")(s.error, s.warning, s.info);
    } else summary = "✗ " + (run.error || t("notChecked"));
    const button = el("button", { type: "button", class: "file-button", id: "run-" + k },
      el("span", { class: "file-name" }, run.name), el("span", { class: "file-summary" }, summary));
    if (k === state.current) button.setAttribute("aria-current", "true");
    button.addEventListener("click", () => {
      state.current = k;
      for (const b of list.querySelectorAll("button")) b.removeAttribute("aria-current");
      button.setAttribute("aria-current", "true");
      $("fix-status").textContent = "";
      render();
    });
    list.append(el("li", {}, button));
  });
}

function render() {
  const run = state.runs[state.current];
  $("result").hidden = false;
  $("current-file").textContent = run ? run.name : "";
  const verdict = $("verdict");
  verdict.replaceChildren();
  const r = run && run.report;
  const file = r ? r.files[0] : null;
  const findings = file ? file.findings : [];
  if (!r) {
    verdict.className = "verdict fail";
    verdict.append(run && run.error ? run.error : t("notChecked"));
  } else if (!file.plan || !r.view) {
    verdict.className = "verdict";
    verdict.append(t("notChecked"));
  } else {
    const s = r.summary;
    const reaching = findings.filter((f) => RANK[f.severity] >= RANK[r.fail_on]).length;
    verdict.className = "verdict " + (r.pass ? "pass" : "fail");
    verdict.append(r.pass ? (r.fail_on === "error" ? t("pass") : t("passAt")(t(r.fail_on))) : t("fail")(reaching));
    verdict.append(el("span", { class: "counts" }, " — ",
      s.error + s.warning + s.info === 0 ? t("clean") : t("counts")(s.error, s.warning, s.info)));
  }
  $("plan-date").textContent = file && file.plan
    ? `${t(file.plan.is_plan === false ? "docDate" : "planDate")}: ${formatDate(file.plan.date)} (${r.view ? r.view.date_source_text : file.plan.date_source})`
    : "";
  const reg = r && r.registry;
  $("registry").textContent = reg && reg.version ? t("registry")(reg.version, reg.released ? formatDate(reg.released) : "") : "";
  $("notes").replaceChildren(...(file ? file.notes : []).map((n) => el("li", {}, n)));
  // what needs the document itself again (a .zip's entries are not at hand one by one)
  const own = Boolean(r && run.source);
  $("dl-docx").hidden = !(own && /\.docx$/i.test(run.name));
  $("dl-json").hidden = !r;
  $("dl-sarif").hidden = !own;
  const fixable = own && /\.(docx|txt|md)$/i.test(run.name);
  $("fix-all").hidden = !(fixable && findings.some((f) => f.fix));
  $("unsafe-box").hidden = !(fixable && findings.some((f) => f.fix && f.fix.safety === "unsafe"));

  const select = $("rule-filter");
  const chosen = select.value;
  select.replaceChildren(el("option", { value: "" }, t("allRules")));
  for (const code of [...new Set(findings.map((f) => f.rule))].sort()) {
    const f = findings.find((x) => x.rule === code);
    select.append(el("option", { value: code }, `${code} ${f.name}`));
  }
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : "";
  renderDocument(findings, r ? r.view : null);
  renderFindings(findings, fixable);
  renderScan(run, findings);
  applyFilters();
}

function formatDate(iso) {
  const [y, m, d] = String(iso).slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

function where(f) {
  if (f.page != null) return `${t("page")} ${f.page}, ${t("line")} ${f.line}`;
  if (f.paragraph != null) return `${t("paragraph")} ${f.paragraph}`;
  return `${t("line")} ${f.line}, ${t("column")} ${f.column}`;
}

function renderDocument(findings, view) {
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
    row.append(el("span", { class: "ln", "data-n": String(n), "aria-hidden": "true" }));
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
      const worst = over.map((x) => findings[x].severity).sort((p, q) => RANK[q] - RANK[p])[0];
      // a mark is a button: Tab reaches it, Enter or Space opens its finding
      const mark = el("mark", { class: "sev-" + worst, "data-findings": over.join(" "), tabIndex: 0, role: "button",
        "aria-describedby": "finding-" + over[0] + "-message" }, piece);
      mark.addEventListener("click", () => open(over[0], "list"));
      mark.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(over[0], "list"); }
      });
      content.append(mark);
    }
    if (!text.length) content.append("\u00a0");
    row.append(content);
    frag.append(row);
  });
  pane.append(frag);
}

function renderFindings(findings, fixable) {
  const list = $("findings");
  list.replaceChildren();
  findings.forEach((f, i) => {
    const head = el("button", { type: "button", class: "head", "aria-expanded": "false", "aria-controls": `finding-${i}-doc` },
      el("span", { class: "sev " + f.severity }, t(f.severity)), " ",
      el("code", {}, f.rule), " ", el("span", { class: "where" }, where(f)));
    const item = el("li", { id: "finding-" + i, class: "finding", "data-rule": f.rule, "data-severity": f.severity },
      head, el("p", { class: "message", id: `finding-${i}-message` }, f.message));
    if (f.fix) {
      const fix = el("div", { class: "fix" },
        el("p", {}, el("strong", {}, t("fix") + ": "), el("q", {}, f.fix.replacement), ` (${t(f.fix.safety)})`));
      if (fixable && findingId(f) != null) {
        const apply = el("button", { type: "button", class: "apply", "aria-describedby": `finding-${i}-message` }, t("fixOne"));
        apply.addEventListener("click", () => applyFixes([f], f.fix.safety === "unsafe"));
        fix.append(apply);
      }
      item.append(fix);
    }
    item.append(el("div", { class: "doc", id: `finding-${i}-doc`, hidden: true }));
    head.addEventListener("click", () => open(i, "document"));
    list.append(item);
  });
}

// Open finding i: select it and its marks, show the rule's explanation. From a mark (`to` = "list") focus
// moves to the finding and the page scrolls so that its explanation is on screen; from the list (`to` =
// "document") the text scrolls to its mark.
async function open(i, to) {
  for (const node of document.querySelectorAll(".finding.selected, mark.selected, .scan-mark.selected")) node.classList.remove("selected");
  const item = $("finding-" + i);
  if (!item) return;
  item.classList.add("selected");
  const head = item.querySelector(".head");
  const marks = [...document.querySelectorAll("mark[data-findings]")]
    .filter((m) => m.dataset.findings.split(" ").includes(String(i)));
  marks.forEach((m) => m.classList.add("selected"));
  const boxes = [...document.querySelectorAll(`.scan-mark[data-finding="${i}"]`)];
  boxes.forEach((m) => m.classList.add("selected"));
  if (to === "document" && marks.length) scrollWithin($("document"), marks[0]);
  if (to === "document" && boxes.length && !$("scan").hidden) scrollWithin($("scan"), boxes[0]);
  if (to === "list") {
    head.focus({ preventScroll: true });
    reveal(item);
  }
  const box = item.querySelector(".doc");
  if (box.hidden) {
    // the box opens at once (its words follow), so that the layout does not move once it is on screen
    box.replaceChildren(el("p", { class: "loading" }, t("loadingDoc")));
    box.hidden = false;
    head.setAttribute("aria-expanded", "true");
    if (to === "list" || narrow()) reveal(item);
    const run = state.runs[state.current];
    const f = run.report.files[0].findings[i];
    let doc = null;
    try { doc = await ruleDoc(f.rule); } catch (e) { /* said below */ }
    if (!doc) {
      box.replaceChildren(el("p", {}, t("noDoc")));
    } else {
      const help = el("a", { href: `/docs/rules/${encodeURIComponent(doc.code)}?lang=${state.lang}` }, doc.code);  // its page
      box.replaceChildren(el("p", { class: "summary" }, el("strong", {}, help, ` ${doc.name}: `), doc.summary),
        el("p", {}, doc.description));
      for (const [key, field] of [["why", "why"], ["legalBasis", "legal_basis"], ["howToFix", "how_to_fix"]]) {
        if (doc[field]) box.append(el("p", {}, el("strong", {}, t(key) + ": "), doc[field]));
      }
    }
  }
  if (to === "list" || narrow()) reveal(item);
}

function narrow() {
  return window.matchMedia("(max-width: 900px)").matches;
}

// scroll `node` to the middle of its scrolling pane only, leaving the page where it is
function scrollWithin(pane, node) {
  const p = pane.getBoundingClientRect(), n = node.getBoundingClientRect();
  pane.scrollTop += n.top - p.top - (pane.clientHeight - n.height) / 2;
}

// bring `item` on screen: its top at the top when it is taller than the screen (or its pane)
function reveal(item) {
  const r = item.getBoundingClientRect();
  const list = $("findings");
  const l = list.getBoundingClientRect();
  const inList = list.scrollHeight > list.clientHeight;
  if (inList && (r.top < l.top || r.bottom > l.bottom)) {
    list.scrollTop += r.top - l.top - (r.height > l.height ? 0 : Math.max(0, (l.height - r.height) / 2));
  }
  const s = item.getBoundingClientRect();
  if (s.top < 0 || s.bottom > window.innerHeight) {
    item.scrollIntoView({ block: s.height > window.innerHeight || s.top < 0 ? "start" : "end", behavior: "instant" });
  }
}

function applyFilters() {
  const shown = new Set([...document.querySelectorAll("#severity-filter input:checked")].map((x) => x.value));
  const rule = $("rule-filter").value;
  const run = state.runs[state.current];
  const findings = run && run.report ? run.report.files[0].findings : [];
  const visible = findings.map((f) => shown.has(f.severity) && (!rule || f.rule === rule));
  findings.forEach((f, i) => { $("finding-" + i).hidden = !visible[i]; });
  for (const m of document.querySelectorAll("mark[data-findings]")) {
    const any = m.dataset.findings.split(" ").some((x) => visible[Number(x)]);
    m.classList.toggle("filtered", !any);
    m.tabIndex = any ? 0 : -1;
    if (any) m.setAttribute("role", "button"); else m.removeAttribute("role");
  }
  for (const m of document.querySelectorAll(".scan-mark")) m.hidden = !visible[Number(m.dataset.finding)];
}

// ------------------------------------------------------------------ a scan: its pages with the findings' boxes
// Each page read by OCR is shown as its image (POST /api/v1/pages, one page at a time, kept for the file), and
// each finding's `boxes` (fractions of the page, one a line of its words) as buttons placed over it in
// percentages, so that they scale with the image at any width. A box is a button: Tab reaches the first box of
// each finding, Enter or Space opens the finding.
const pageImages = new WeakMap(); // the file (Blob) -> Map("page@width" -> data: URL)
const BOX_PAD = 0.004; // around the words, a fraction of the page

function scanOf(run) {
  const file = run && run.report ? run.report.files[0] : null;
  return file && file.scan && (file.scan.pages || []).length && run.source ? file.scan : null;
}

function showView(view) {
  state.view = view;
  const scan = !$("view-switch").hidden && view === "scan";
  $("scan").hidden = !scan;
  $("document").hidden = scan;
  $("show-scan").setAttribute("aria-pressed", String(scan));
  $("show-text").setAttribute("aria-pressed", String(!scan));
}

function renderScan(run, findings) {
  const pane = $("scan");
  pane.replaceChildren();
  const scan = scanOf(run);
  $("view-switch").hidden = !scan;
  showView(state.view);
  const shown = ++state.scanShown;
  if (!scan) return;
  for (const n of scan.pages) {
    pane.append(el("figure", { class: "scan-page", id: "scan-page-" + n },
      el("div", { class: "scan-frame" }), el("figcaption", {}, t("pageCaption")(n)),
      el("p", { class: "scan-status", role: "status" }, t("loadingPage")(n))));
  }
  loadPages(run, scan.pages, findings, shown);
}

// the width to ask for: the pane's, in device pixels, by steps of 200 (a few sizes, each kept), 400 to 2000
function pageWidth() {
  const css = $("scan").clientWidth || $("panes").clientWidth || 800;
  return Math.min(2000, Math.max(400, Math.ceil((css * (window.devicePixelRatio || 1)) / 200) * 200));
}

async function loadPages(run, numbers, findings, shown) {
  const width = pageWidth();
  for (const n of numbers) {
    let url = null, why = "";
    try { url = await pageImage(run, n, width); } catch (e) { why = e.message; }
    if (shown !== state.scanShown) return; // another file, language or check is shown now
    const figure = $("scan-page-" + n);
    const status = figure.querySelector(".scan-status");
    if (!url) { status.textContent = t("noPage")(n, why); continue; }
    const frame = figure.querySelector(".scan-frame");
    frame.append(el("img", { src: url, alt: t("pageAlt")(n) }));
    findings.forEach((f, i) => { if (f.page === n && f.boxes) frame.append(...boxesOf(f, i)); });
    status.remove();
  }
  applyFilters();
}

async function pageImage(run, n, width) {
  if (!pageImages.has(run.source)) pageImages.set(run.source, new Map());
  const kept = pageImages.get(run.source);
  const key = n + "@" + width;
  for (let attempt = 0; !kept.has(key); attempt++) {
    try {
      const response = await send("/api/v1/pages", formOf(run), { page: String(n), width: String(width) }, true);
      kept.set(key, await dataUrl(await response.blob()));
    } catch (e) {
      if (e.status !== 503 || attempt >= 3) throw e; // busy: the server says when to come back
      await new Promise((ok) => setTimeout(ok, 1000 * Math.min(10, e.retry || 2)));
    }
  }
  return kept.get(key);
}

function dataUrl(blob) {
  return new Promise((ok, fail) => {
    const reader = new FileReader();
    reader.onload = () => ok(reader.result);
    reader.onerror = () => fail(reader.error);
    reader.readAsDataURL(blob);
  });
}

function boxesOf(f, i) {
  const selected = $("finding-" + i) && $("finding-" + i).classList.contains("selected");
  return f.boxes.map((b, k) => {
    const attrs = { class: `scan-mark sev-${f.severity}${selected ? " selected" : ""}`, "data-finding": String(i) };
    let node;
    if (k === 0) { // the finding's first line: a button in the Tab order
      node = el("button", Object.assign(attrs, { type: "button", "aria-label": t("scanMarkLabel")(i + 1, f.rule),
        "aria-describedby": `finding-${i}-message` }));
    } else { // its other lines: the same finding, one stop is enough
      node = el("span", Object.assign(attrs, { "aria-hidden": "true" }));
    }
    const left = Math.max(0, b[0] - BOX_PAD), top = Math.max(0, b[1] - BOX_PAD);
    node.style.left = 100 * left + "%";
    node.style.top = 100 * top + "%";
    node.style.width = 100 * (Math.min(1, b[2] + BOX_PAD) - left) + "%";
    node.style.height = 100 * (Math.min(1, b[3] + BOX_PAD) - top) + "%";
    node.addEventListener("click", () => open(i, "list"));
    return node;
  });
}

// ------------------------------------------------------------------ wiring
function chooseFiles(files) {
  state.files = [...(files || [])];
  if (state.files.length) $("paste").value = "";
  showChosen();
}

function showChosen() {
  $("file-name").textContent = state.files.length ? t("chosen")(state.files.map((f) => f.name).join(", ")) : "";
}

document.addEventListener("DOMContentLoaded", () => {
  const saved = new URLSearchParams(location.search).get("lang");
  setLang(saved === "en" ? "en" : "vi");
  $("lang-vi").addEventListener("click", () => setLang("vi"));
  $("lang-en").addEventListener("click", () => setLang("en"));
  $("show-scan").addEventListener("click", () => showView("scan"));
  $("show-text").addEventListener("click", () => showView("text"));
  $("choose").addEventListener("click", () => $("file").click());
  $("file").addEventListener("change", (e) => chooseFiles(e.target.files));
  $("paste").addEventListener("input", () => { if ($("paste").value) { state.files = []; $("file").value = ""; showChosen(); } });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files.length) chooseFiles(e.dataTransfer.files);
  });
  // a wrong date is said on "Kiểm tra" and cleared as soon as it is right; never on leaving the field, where the
  // message would move the button under the pointer between its press and its release
  $("as-of").addEventListener("input", () => { if (!$("as-of-error").hidden && parseDate($("as-of").value) !== null) validateDate(); });
  $("form").addEventListener("submit", (e) => { e.preventDefault(); runCheck(true); });
  for (const box of document.querySelectorAll("#severity-filter input")) box.addEventListener("change", applyFilters);
  $("rule-filter").addEventListener("change", applyFilters);
  $("fix-all").addEventListener("click", () => applyFixes(null, $("fix-unsafe").checked));
  $("dl-json").addEventListener("click", () => {
    const report = Object.assign({}, state.runs[state.current].report);
    delete report.view;
    save(new Blob([JSON.stringify(report, null, 2)], { type: "application/json" }), baseName() + ".qcdc.json");
  });
  $("dl-sarif").addEventListener("click", async () => {
    try {
      const response = await send("/api/v1/check", formOf(state.runs[state.current]), { format: "sarif" });
      save(await response.blob(), baseName() + ".sarif");
    } catch (e) { showError(e.message); }
  });
  $("dl-docx").addEventListener("click", async () => {
    try {
      const response = await send("/api/v1/annotate", formOf(state.runs[state.current]));
      save(await response.blob(), baseName() + "-qcdc.docx");
    } catch (e) { showError(e.message); }
  });
  fetch("/healthz").then((r) => r.json()).then((h) => { $("version").textContent = "qcdc-check " + h.version; }).catch(() => {});
});
