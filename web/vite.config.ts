/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// Element Plus is imported on demand: the resolver turns each <el-*> tag in a
// template into an import of that component and its CSS, so the bundle carries
// only what the console uses. Programmatic APIs (ElMessage, ElMessageBox) are
// imported explicitly together with their styles where they are used.
export default defineConfig({
  base: './',
  plugins: [
    vue(),
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dts: 'src/components.d.ts',
      // Our own components are imported explicitly.
      dirs: [],
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    // `npm run dev` proxies the API to the mock (or to a real server on 8080).
    proxy: { '/api': process.env.XIEZUO_API ?? 'http://127.0.0.1:5174' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The shared Element Plus chunk is ~710 kB (~235 kB gzip) with only the
    // components we use; ECharts (~525 kB) loads with the dashboard only.
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) return 'element-plus'
          if (id.includes('node_modules/')) return 'vendor'
          return undefined
        },
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/__tests__/**/*.test.ts'],
    css: false,
    server: { deps: { inline: ['element-plus'] } },
  },
})
