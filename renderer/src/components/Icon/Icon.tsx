import "./Icon.css";

const paths = {
  plus: "M12 5v14M5 12h14",
  close: "M6 6l12 12M18 6L6 18",
  copy: "M9 9h10v10H9zM5 15V5h10",
  check: "M5 12l5 5L19 7",
  send: "M4 12l16-8-6 16-2-7z",
  stop: "M7 7h10v10H7z",
  folder: "M3 6h6l2 2h10v10H3z",
  restart: "M4 12a8 8 0 1 0 3-6.2M4 4v5h5",
  edit: "M4 20h4L19 9l-4-4L4 16zM13 7l4 4",
  regenerate: "M20 12a8 8 0 1 1-3-6.2M20 4v5h-5",
  continue: "M6 5l7 7-7 7M13 5l7 7-7 7",
  chevronLeft: "M15 5l-7 7 7 7",
  chevronRight: "M9 5l7 7-7 7",
  trash: "M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13",
  search: "M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM16 16l5 5",
  download: "M12 4v11M7 10l5 5 5-5M5 20h14",
  sliders: "M4 7h10M18 7h2M4 17h4M12 17h8M16 5v4M10 15v4",
  program: "M4 5h16v14H4zM7 9l3 3-3 3M12 15h5",
} as const;

export type IconName = keyof typeof paths;

/** A decorative stroke icon: the button or link around it carries the accessible name. */
export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={paths[name]} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
