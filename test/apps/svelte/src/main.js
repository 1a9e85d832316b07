import { mount } from 'svelte';
import App from './App.svelte';

window.appEvents = [];
mount(App, { target: document.getElementById('app') });
