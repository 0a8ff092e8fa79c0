/** Where the pages call the API: '' is their own origin; a dev server names the app's (web/dev.mjs). */
declare const __API_ORIGIN__: string;
