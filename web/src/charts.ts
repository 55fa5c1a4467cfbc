// ECharts with only the parts the dashboard uses (tree-shaken), each chart with the toolbox's
// "save as image" so a user can put it in a report.
import * as echarts from "echarts/core";
import { BarChart, LineChart, PieChart, SankeyChart } from "echarts/charts";
import { GridComponent, LegendComponent, TitleComponent, ToolboxComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { h } from "./dom";
import { t } from "./i18n";

echarts.use([BarChart, LineChart, PieChart, SankeyChart, GridComponent, LegendComponent, TitleComponent, ToolboxComponent,
  TooltipComponent, CanvasRenderer]);

export type Option = echarts.EChartsCoreOption;
export type ClickHandler = (params: { name: string; dataIndex: number; seriesIndex?: number }) => void;

const live: { instance: echarts.ECharts; observer: ResizeObserver }[] = [];

/// Frees the charts of the page being left (ECharts keeps every instance until disposed).
export function disposeCharts(): void {
  for (const { instance, observer } of live.splice(0)) {
    observer.disconnect();
    instance.dispose();
  }
}

/// A chart in a titled figure; `onClick` gets the clicked item (for the drill-down).
export function chart(id: string, title: string, option: Option, onClick?: ClickHandler): HTMLElement {
  const box = h("div", { class: "chart", id, role: "img", "aria-label": title });
  const figure = h("figure", { class: "card chart-card" }, h("figcaption", null, title), box);
  requestAnimationFrame(() => {
    const instance = echarts.init(box, undefined, { renderer: "canvas" });
    instance.setOption({
      toolbox: { feature: { saveAsImage: { title: t("dash.save_image"), name: id } } },
      tooltip: { trigger: "item" },
      ...option,
    });
    if (onClick) instance.on("click", (params) => onClick(params as unknown as Parameters<ClickHandler>[0]));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box);
    live.push({ instance, observer });
  });
  return figure;
}
