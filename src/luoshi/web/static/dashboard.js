// Draws each dashboard chart with ECharts from the JSON beside it (no inline script: the
// page's CSP allows only files from 'self'). The table beside each chart holds the same data.
(function () {
  "use strict";

  function percent(v) {
    return v === null || v === undefined ? "—" : (v * 100).toFixed(1) + "%";
  }

  // A line's shape and dash tell the series apart without their colour (the bars carry
  // ECharts' patterns, aria.decal).
  var SYMBOLS = ["circle", "rect", "triangle", "diamond", "pin", "roundRect", "arrow"];
  var DASHES = ["solid", "dashed", "dotted"];

  function series(data, horizontal) {
    var stacked = data.kind === "stack";
    return data.series.map(function (index, n) {
      var isPct = data.percent.indexOf(index) >= 0;
      var s = {
        name: data.columns[index],
        type: data.kind === "line" ? "line" : "bar",
        data: data.rows.map(function (row) { return row[index]; }),
        emphasis: { focus: "series" },
      };
      if (stacked) { s.stack = "all"; }
      // Each series in its palette colour (3:1 on the card at least), a hairline of the
      // card's colour between stacked segments.
      s.itemStyle = { color: data.colours[index] || data.palette[n % data.palette.length] };
      if (data.kind !== "line") { s.itemStyle.borderColor = data.background; s.itemStyle.borderWidth = 1; }
      if (data.kind === "line") {
        s.smooth = false;
        s.showSymbol = true;
        s.symbol = SYMBOLS[n % SYMBOLS.length];
        s.symbolSize = 7;
        s.lineStyle = { color: s.itemStyle.color, width: 2, type: DASHES[n % DASHES.length] };
      }
      if (isPct) {
        s.label = { show: true, position: horizontal ? "right" : "top", formatter: function (p) { return percent(p.value); } };
      }
      if (data.kind === "pace" && data.mark !== null) {
        s.markLine = {
          symbol: "none",
          data: [{ xAxis: data.mark, name: data.mark_label }],
          label: { formatter: data.mark_label + " " + percent(data.mark) },
          lineStyle: { type: "dashed", color: data.mark_colour },
        };
      }
      return s;
    });
  }

  function option(data, screen) {
    var categories = data.rows.map(function (row) { return String(row[0]); });
    var horizontal = data.kind !== "line";
    var pct = data.series.every(function (i) { return data.percent.indexOf(i) >= 0; });
    var valueAxis = { type: "value" };
    if (pct) { valueAxis.axisLabel = { formatter: function (v) { return Math.round(v * 100) + "%"; } }; valueAxis.max = 1; }
    var categoryAxis = { type: "category", data: categories, axisLabel: { interval: 0, width: 140, overflow: "truncate" } };
    if (horizontal) { categoryAxis.inverse = true; }
    var fontSize = screen ? 18 : 12;
    return {
      backgroundColor: "transparent",
      color: data.palette,
      // Patterns on the bars, so that no series is told by its colour alone; the container
      // keeps the page's own label (the chart's title) and the table beside it.
      aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
      textStyle: { fontSize: fontSize, fontFamily: fontFamily() },
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" },
        valueFormatter: pct ? percent : undefined },
      legend: { top: 0, textStyle: { fontSize: fontSize } },
      grid: { left: 8, right: 40, top: 40, bottom: 8, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: series(data, horizontal),
    };
  }

  // The page's own font stack (luoshi.css), so that a machine without a CJK font draws the
  // charts' Chinese in the shipped Noto Sans SC, as it does the page.
  function fontFamily() {
    return window.getComputedStyle(document.body).fontFamily;
  }

  function chartText() {
    var text = "";
    document.querySelectorAll("script[id^='chart-data-']").forEach(function (s) { text += s.textContent; });
    return text;
  }

  // A canvas draws with whatever is loaded at that moment: load the web font's slices for the
  // charts' characters first (from this server; at most a few seconds, then draw regardless).
  function whenFontsLoaded(then) {
    if (!document.fonts || !document.fonts.load) { then(); return; }
    var done = false;
    function once() { if (!done) { done = true; then(); } }
    document.fonts.load("12px " + fontFamily(), chartText()).then(once, once);
    window.setTimeout(once, 3000);
  }

  function draw() {
    if (typeof echarts === "undefined") { return; }
    var screen = document.querySelector(".dashboard.screen") !== null;
    var drawn = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById("chart-data-" + el.getAttribute("data-chart"));
      if (!source) { return; }
      var data = JSON.parse(source.textContent);
      var horizontal = data.kind !== "line";
      var perRow = screen ? 34 : 26;
      var height = horizontal ? Math.max(240, data.rows.length * perRow + 80) : (screen ? 420 : 300);
      el.style.height = height + "px";
      if (!data.rows.length) { el.classList.add("empty-chart"); return; }
      var chart = echarts.init(el, screen ? "dark" : null, { renderer: "canvas" });
      chart.setOption(option(data, screen));
      drawn.push(chart);
    });
    window.addEventListener("resize", function () {
      drawn.forEach(function (c) { c.resize(); });
    });
  }

  function start() { whenFontsLoaded(draw); }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
