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
