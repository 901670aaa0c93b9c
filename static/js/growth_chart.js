/* Growth charts (issue 4): reference curves and the child's points, drawn with the vendored
 * Chart.js 4. Configuration comes from the page's json_script "growth-chart-config":
 *   {charts: [{url}], labels: {...translated words...}}
 * and every <figure class="growth-chart" data-chart-index="i"> gets chart i. Data comes only
 * from the chart data endpoint (JSON). No inline scripts; works offline (no CDN). */
(function () {
  "use strict";

  var configEl = document.getElementById("growth-chart-config");
  if (!configEl || typeof window.Chart === "undefined") { return; }
  var config = JSON.parse(configEl.textContent);
  var L = config.labels;
  var CHILD = "#1d4ed8";
  var COLOURS = {
    SDm3: "#111827", SDm2: "#dc2626", SD0: "#15803d", SD1: "#d97706", SD2: "#dc2626", SD3: "#111827",
    P3: "#dc2626", P15: "#d97706", P25: "#d97706", P50: "#15803d", P75: "#d97706", P85: "#d97706", P97: "#dc2626"
  };

  function text(tag, className, content) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (content !== undefined) { el.textContent = content; }
    return el;
  }

  /* Curve labels ("−2 SD", "P85") drawn at the right end of each line, instead of a legend. */
  var endLabels = {
    id: "growthEndLabels",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = "11px system-ui, sans-serif";
      ctx.textBaseline = "middle";
      chart.data.datasets.forEach(function (ds, i) {
        if (!ds.isCurve) { return; }
        var meta = chart.getDatasetMeta(i);
        var last = meta.data[meta.data.length - 1];
        if (!last) { return; }
        ctx.fillStyle = ds.borderColor;
        ctx.fillText(ds.label, Math.min(last.x + 3, chart.chartArea.right + 3), last.y);
      });
      ctx.restore();
    }
  };

  function detailList(point, chinese) {
    var dl = text("dl", "facts point-facts");
    function add(term, value) {
      if (!value) { return; }
      dl.appendChild(text("dt", "", term));
      dl.appendChild(text("dd", "", value));
    }
    add(L.date, point.date);
    add(L.age, point.age + (point.corrected ? " (" + L.corrected + ")" : ""));
    add(L.value, point.value);
    add(L.z, point.z);
    add(L.percentile, point.percentile);
    if (chinese) {
      add(L.china_class, point.china_class);
      add(L.china_level, point.china_level);
    }
    if (point.flagged) { add("⚠", L.flag); }
    return dl;
  }

  function showPoint(box, point, chinese) {
    box.textContent = "";
    box.appendChild(detailList(point, chinese));
    box.hidden = false;
  }

  function draw(figure, data) {
    var canvas = figure.querySelector("canvas");
    var box = figure.querySelector(".growth-point");
    var title = figure.querySelector(".chart-title");
    var chinese = data.standard.code === "ws_t_423_2022";
    if (title) { title.textContent = data.indicator_name + " · " + data.standard.name + "."; }
    var datasets = data.curves.lines.map(function (line) {
      var centre = line.key === "SD0" || line.key === "P50";
      return {
        label: line.label,
        isCurve: true,
        data: line.values.map(function (v, i) { return { x: data.curves.x[i], y: v }; }),
        borderColor: COLOURS[line.key] || "#6b7280",
        borderWidth: centre ? 2 : 1.25,
        borderDash: line.key === "SDm3" || line.key === "SD3" ? [4, 3] : [],
        pointRadius: 0,
        pointHitRadius: 0,
        tension: 0,
        order: 2
      };
    });
    var points = data.points;
    datasets.push({
      label: L.child,
      data: points.map(function (p) { return { x: p.x, y: p.y }; }),
      borderColor: CHILD,
      backgroundColor: points.map(function (p) { return p.flagged ? "#dc2626" : CHILD; }),
      pointStyle: points.map(function (p) { return p.corrected ? "rectRot" : "circle"; }),
      pointRadius: 5,
      pointHoverRadius: 8,
      pointHitRadius: 16,
      borderWidth: 2,
      tension: 0,
      order: 1
    });
    var childIndex = datasets.length - 1;
    var byAge = data.x_axis === "age_months";
    var span = data.x_max - data.x_min;
    var chart = new window.Chart(canvas, {
      type: "line",
      data: { datasets: datasets },
      plugins: [endLabels],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        layout: { padding: { right: 44 } },
        interaction: { mode: "nearest", intersect: false, axis: "xy" },
        scales: {
          x: {
            type: "linear",
            min: data.x_min,
            max: data.x_max,
            title: { display: true, text: L.axis[data.x_axis] },
            ticks: { stepSize: byAge ? (span > 36 ? 6 : 3) : 5 }
          },
          y: { title: { display: true, text: data.indicator_name + " (" + data.unit + ")" } }
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: function (item) { return item.datasetIndex === childIndex; },
            callbacks: {
              title: function (items) { return items.length ? points[items[0].dataIndex].date : ""; },
              label: function (item) {
                var p = points[item.dataIndex];
                var lines = [L.age + ": " + p.age + (p.corrected ? " (" + L.corrected + ")" : ""),
                  L.value + ": " + p.value];
                if (p.z) { lines.push(L.z + ": " + p.z); }
                if (p.percentile) { lines.push(L.percentile + ": " + p.percentile); }
                if (chinese && p.china_class) { lines.push(L.china_class + ": " + p.china_class); }
                return lines;
              }
            }
          }
        },
        onClick: function (event, elements, chartRef) {
          var hits = chartRef.getElementsAtEventForMode(event, "nearest", { intersect: false }, false)
            .filter(function (el) { return el.datasetIndex === childIndex; });
          if (hits.length) { showPoint(box, points[hits[0].index], chinese); }
        }
      }
    });
    if (!points.length) {
      box.textContent = L.no_points;
    } else {
      box.textContent = "";
    }
    figure.setAttribute("data-ready", "true");
    return chart;
  }

  var charts = [];
  document.querySelectorAll("figure.growth-chart").forEach(function (figure) {
    var spec = config.charts[Number(figure.getAttribute("data-chart-index"))];
    if (!spec) { return; }
    fetch(spec.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) { charts.push(draw(figure, data)); })
      .catch(function () {
        var box = figure.querySelector(".growth-point");
        box.textContent = L.load_error;
        box.classList.add("error");
      });
  });

  /* Print: let each chart re-measure for the page, then return to the screen size. */
  window.addEventListener("beforeprint", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
  window.addEventListener("afterprint", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
}());
