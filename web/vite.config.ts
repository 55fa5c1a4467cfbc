// Built into web/dist, which `carbonledger serve --web web/dist` serves at "/". In development
// (`npm run dev`) the API calls go to a server on 127.0.0.1:8080.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
});
