// r1tune's page: asks /v1/chat/completions with stream on, shows the thinking as it streams (folded),
// the answer, each attempt's check and the verdict. Model text is only ever set as textContent.
"use strict";

const $ = (id) => document.getElementById(id);
const VERDICT_WORDS = {
  verified: "✓ 已验证 · verified: a check pinned the final answer",
  consistent: "≈ 自洽 · consistent: its arithmetic holds, nothing pinned the answer",
  unverified: "? 未验证 · unverified: nothing could check this answer",
  failed: "✗ 未通过 · failed: a check refuted the answer",
};

$("key").value = localStorage.getItem("r1tune-key") || "";

function headers() {
  const h = { "Content-Type": "application/json" };
  const key = $("key").value.trim();
  localStorage.setItem("r1tune-key", key);
  if (key) h.Authorization = "Bearer " + key;
  return h;
}

fetch("/v1/models", { headers: headers() })
  .then((r) => (r.ok ? r.json() : null))
  .then((list) => { if (list) $("model").textContent = list.data.map((m) => m.id).join(", "); })
  .catch(() => {});

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = false;
}

function checkLines(check) {
  return (check.verdicts || []).map((v) => `${v.verifier}: ${v.outcome}${v.sentence ? " · " + v.sentence : ""}`);
}

function addAttempt(round, answer, check) {
  const item = document.createElement("li");
  const head = document.createElement("div");
  head.textContent = `第 ${round + 1} 轮 · round ${round + 1}: ${check.answer && check.answer.summary ? check.answer.summary : "(no answer read)"}`;
  item.appendChild(head);
  const list = document.createElement("ul");
  for (const line of checkLines(check)) {
    const li = document.createElement("li");
    li.textContent = line;
    list.appendChild(li);
  }
  item.appendChild(list);
  $("attempts").appendChild(item);
}

function showVerdict(trace) {
  const box = $("verdict");
  box.dataset.verification = trace.verification;
  box.replaceChildren();
  const title = document.createElement("strong");
  title.textContent = VERDICT_WORDS[trace.verification] || trace.verification;
  box.appendChild(title);
  const route = document.createElement("p");
  route.className = "muted";
  const strategy = trace.profile && trace.profile.strategy ? trace.profile.strategy : "";
  route.textContent = `task ${trace.route.task} · ${trace.route.language} · ${strategy} · ${trace.attempts.length} attempt(s)`;
  box.appendChild(route);
  for (const line of checkLines(trace.check || {})) {
    const p = document.createElement("p");
    p.textContent = line;
    box.appendChild(p);
  }
  if (trace.notebook && trace.notebook.length) {
    const used = document.createElement("p");
    used.className = "muted";
    used.textContent = "错题本 · notebook entries shown: " + trace.notebook.map((e) => "#" + e.id).join(", ");
    box.appendChild(used);
  }
  box.hidden = false;
  $("answer").textContent = trace.answer;
}

// The notebook: hidden when the server has none.
async function loadNotebook(query) {
  const url = "/r1tune/notebook" + (query ? "?q=" + encodeURIComponent(query) : "");
  const response = await fetch(url, { headers: headers() }).catch(() => null);
  if (!response || response.status === 404) { $("notebook").hidden = true; return; }
  $("notebook").hidden = false;
  const doc = await response.json();
  if (!response.ok) { $("nb-status").textContent = doc.error ? doc.error.message : `HTTP ${response.status}`; return; }
  const list = $("nb-entries");
  list.replaceChildren();
  for (const entry of doc.entries) {
    const item = document.createElement("li");
    const question = document.createElement("div");
    question.textContent = `#${entry.id} 【场景】${entry.task}${entry.family ? "/" + entry.family : ""} · ${entry.question}`;
    const mistake = document.createElement("div");
    mistake.className = "muted";
    mistake.textContent = "【典型错误】" + entry.mistake;
    item.append(question, mistake);
    list.appendChild(item);
  }
  $("nb-status").textContent = `${doc.entries.length} 条 · entries`;
}

$("nb-search").addEventListener("submit", (event) => {
  event.preventDefault();
  loadNotebook($("nb-query").value.trim());
});

$("nb-add").addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = { question: $("nb-question").value, mistake: $("nb-mistake").value, correction: $("nb-correction").value };
  const response = await fetch("/r1tune/notebook", { method: "POST", headers: headers(), body: JSON.stringify(body) });
  const doc = await response.json().catch(() => ({}));
  if (!response.ok) { $("nb-status").textContent = doc.error ? doc.error.message : `HTTP ${response.status}`; return; }
  await loadNotebook("");
  $("nb-status").textContent = doc.added ? `已添加 · added #${doc.id}` : "已存在 · already there";
});

loadNotebook("");

function handleEvent(data) {
  if (data === "[DONE]") return;
  const chunk = JSON.parse(data);
  if (chunk.error) { showError(chunk.error.message); return; }
  if (chunk.model) $("model").textContent = chunk.model;
  if (chunk.choices && chunk.choices.length) {
    const delta = chunk.choices[0].delta || {};
    if (delta.reasoning_content) {
      $("thinking").textContent += delta.reasoning_content;
      $("thinking-count").textContent = `(${$("thinking").textContent.length})`;
    }
    if (delta.content) $("answer").textContent += delta.content;
  }
  const news = chunk.r1tune;
  if (!news) return;
  if (news.event === "attempt") addAttempt(news.round, "", news.check);
  if (news.event === "restart") $("thinking").textContent += "\n[loop: restarted on a new seed]\n";
  if (news.event === "verdict") showVerdict(news.trace);
}

$("ask").addEventListener("submit", async (event) => {
  event.preventDefault();
  for (const id of ["thinking", "answer", "thinking-count"]) $(id).textContent = "";
  $("attempts").replaceChildren();
  $("verdict").hidden = true;
  $("error").hidden = true;
  $("result").hidden = false;
  $("submit").disabled = true;
  const levers = {};
  if ($("profile").value) levers.profile = $("profile").value;
  if ($("strategy").value) levers.strategy = $("strategy").value;
  if ($("check").value.trim()) levers.check = $("check").value.trim();
  const body = { messages: [{ role: "user", content: $("question").value }], stream: true, r1tune: levers };
  try {
    const response = await fetch("/v1/chat/completions", { method: "POST", headers: headers(), body: JSON.stringify(body) });
    if (!response.ok) {
      const failure = await response.json().catch(() => null);
      showError(failure && failure.error ? failure.error.message : `HTTP ${response.status}`);
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (event.startsWith("data: ")) handleEvent(event.slice(6));
      }
    }
  } catch (e) {
    showError(String(e));
  } finally {
    $("submit").disabled = false;
  }
});
