/** CSS files are bundled as text (esbuild `text` loader) and adopted into shadow roots. */
declare module '*.css' {
  const text: string;
  export default text;
}
