/**
 * Saves text as a file the way both Electron and a browser tab handle: a Blob behind an
 * `<a download>` that is clicked once (Electron shows its save dialog, a browser its downloads).
 */
export function downloadFile(fileName: string, content: string, type: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = doc.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  link.hidden = true;
  doc.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The download has its own reference by now; give slow hosts a moment before freeing the blob.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
