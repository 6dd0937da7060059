/** Hands bytes to the browser as a file download under the name the server chose. */
export function saveFile(content: Uint8Array<ArrayBuffer>, contentType: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // The download has started from the click; the object URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
