import 'passkey-elements';
import { createApp } from 'vue';
import App from './App.vue';

window.appEvents = [];
createApp(App).mount('#app');
