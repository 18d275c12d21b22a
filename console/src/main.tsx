import { render } from 'preact';
import { configureApi } from './api/client';
import { configureAuth, currentToken, endSession } from './auth';
import { App } from './app';
import { loadConfig } from './config';
import './styles.css';

const root = document.getElementById('app')!;

loadConfig().then((config) => {
  configureAuth(config);
  configureApi({ baseUrl: config.apiUrl, token: currentToken, onUnauthenticated: endSession });
  render(<App />, root);
}, (failure: Error) => {
  root.innerHTML = '';
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent = `The console could not start: ${failure.message}.`;
  root.append(message);
});
