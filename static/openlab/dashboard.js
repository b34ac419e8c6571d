// Draws the dashboard's charts with Chart.js from the JSON the page carries; the tables beside
// them hold the same figures (and are what screen readers and the no-JavaScript page use).
// Labels are drawn in the page's own font (Pretendard GOV, vendored): a canvas has no fallback for
// Korean, so the charts wait until the font has loaded.
function drawCharts() {
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  var data = JSON.parse(source.textContent);
  var funnel = document.getElementById("funnel-chart");
  if (funnel) {
    new Chart(funnel, {type: "bar", data: {labels: data.funnel.labels, datasets: [{data: data.funnel.values,
      backgroundColor: "#256ef4"}]}, options: {indexAxis: "y", animation: false, plugins: {legend: {display: false}}}});
  }
  var fields = document.getElementById("fields-chart");
  if (fields) {
    new Chart(fields, {type: "bar", data: {labels: data.fields.labels, datasets: [
      {label: fields.dataset.solutions || "Solutions", data: data.fields.solutions, backgroundColor: "#256ef4"},
      {label: fields.dataset.needs || "Needs", data: data.fields.needs, backgroundColor: "#f4a125"}]},
      options: {animation: false}});
  }
  document.body.dataset.chartsDrawn = "true";
}
document.addEventListener("DOMContentLoaded", function () {
  var fonts = document.fonts;
  var ready = fonts ? fonts.load('12px "Pretendard GOV"', "가").catch(function () {}) : Promise.resolve();
  ready.then(drawCharts);
});
