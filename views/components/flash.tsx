export type FlashProps = { flash: { kind: "success" | "error" | "info"; text: string } | null };

/** One-shot message after a redirect; role=status so screen readers announce it. */
export function Flash({ flash }: FlashProps) {
  if (!flash) return <div id="flash" />;
  return (
    <div id="flash">
      <p class={`flash flash-${flash.kind}`} role={flash.kind === "error" ? "alert" : "status"}>
        {flash.text}
      </p>
    </div>
  );
}
