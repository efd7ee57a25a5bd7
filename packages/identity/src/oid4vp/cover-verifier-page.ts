/**
 * The verifier's page: a person (at a marina's desk, a landlord) says what cover to ask for, shows the QR code
 * to the member, and sees the answer. Plain HTML and a few lines of script, no build: the verifier is served by
 * whoever runs it (the devnet does), and needs nothing but this handler.
 */
export function coverVerifierPage(prefix: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Check a member's cover</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 1.5rem auto; padding: 0 1rem; color: #1b1b1b; }
  label { display: block; margin: .75rem 0 .25rem; font-weight: 600; }
  input { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
  button { margin-top: 1rem; padding: .6rem 1.2rem; font-size: 1rem; }
  #qr svg { width: 16rem; height: 16rem; }
  .verified { color: #0a6b2d; } .refused { color: #a3120b; }
  code { word-break: break-all; font-size: .8rem; }
</style>
</head>
<body>
<main>
<h1>Check a member's cover</h1>
<p>Ask for proof of cover. The member shows it from their wallet and chooses to show only what you ask.</p>
<form id="ask">
  <label for="contract">Mutual's contract (optional)</label>
  <input id="contract" name="contract" placeholder="0x…" autocomplete="off">
  <label for="chainId">Chain id (with the contract)</label>
  <input id="chainId" name="chainId" inputmode="numeric" placeholder="31337">
  <label for="policyType">Covered for (optional)</label>
  <input id="policyType" name="policyType" placeholder="boats">
  <label for="coveredUntil">Covered until at least (optional)</label>
  <input id="coveredUntil" name="coveredUntil" type="date">
  <button type="submit">Ask for proof of cover</button>
</form>
<section id="request" hidden>
  <h2>Show this to the member</h2>
  <div id="qr"></div>
  <p><a id="link">Open in a wallet on this device</a></p>
  <p id="outcome" role="status" aria-live="polite">Waiting for the member's wallet…</p>
</section>
</main>
<script type="module">
const prefix = ${JSON.stringify(prefix)};
const params = new URLSearchParams(location.search);
for (const name of ["contract", "chainId", "policyType", "coveredUntil"]) if (params.get(name)) document.getElementById(name).value = params.get(name);
document.getElementById("ask").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const query = {};
  if (form.get("contract")) query.mutual = { contract: form.get("contract"), chainId: form.get("chainId") };
  if (form.get("policyType")) query.policyType = form.get("policyType");
  if (form.get("coveredUntil")) query.coveredUntil = form.get("coveredUntil");
  const response = await fetch(prefix + "/requests", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(query) });
  const made = await response.json();
  const outcome = document.getElementById("outcome");
  if (!response.ok) { outcome.textContent = made.error_description; document.getElementById("request").hidden = false; return; }
  document.getElementById("qr").innerHTML = made.qrSvg;
  document.getElementById("link").href = made.uri;
  document.getElementById("request").hidden = false;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const result = await (await fetch(prefix + "/result?state=" + encodeURIComponent(made.state))).json();
    if (result.status === "verified") {
      const c = result.cover.claims;
      const parts = ["Covered"];
      if (c.mutual) parts.push("by " + (c.mutual.name || c.mutual.contract));
      if (c.policy_type) parts.push("for " + c.policy_type);
      if (c.policy_period) parts.push("until " + c.policy_period.end);
      outcome.textContent = parts.join(" ") + ".";
      outcome.className = "verified";
      return;
    }
    if (result.status === "refused" || result.error) {
      outcome.textContent = "Not shown: " + (result.reason || result.error);
      outcome.className = "refused";
      return;
    }
  }
});
</script>
</body>
</html>
`;
}
