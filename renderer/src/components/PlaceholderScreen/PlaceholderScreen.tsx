import "./PlaceholderScreen.css";

/** Library and Settings until their issues land. */
export function PlaceholderScreen({ title, body }: { title: string; body: string }) {
  return (
    <section className="placeholder-screen" aria-label={title}>
      <h2>{title}</h2>
      <p>{body}</p>
    </section>
  );
}
