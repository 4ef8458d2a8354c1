/**
 * Progressive enhancement of the upload forms (runs only in the browser, after hydration): when files are chosen,
 * the form is sent with XMLHttpRequest so the reader sees how far the upload is (fetch cannot report upload
 * progress). Without JavaScript the same form posts as it is. The server answers as it does to the plain form: a
 * redirect once the files are kept (followed here), or the page with a message per bad file — then the form is
 * sent again the ordinary way, so that page is shown exactly as without JavaScript.
 */
export function enhanceUploads(
  form: HTMLFormElement,
  texts: { progress: string; checking: string; failed: string },
): () => void {
  const onSubmit = (event: SubmitEvent) => {
    const input = form.querySelector<HTMLInputElement>('input[type="file"]');
    if (form.dataset.native === 'true' || !input?.files?.length) return;
    const box = form.querySelector<HTMLElement>('[data-upload-progress]');
    const bar = box?.querySelector('progress');
    const text = box?.querySelector<HTMLElement>('[data-upload-text]');
    if (!box || !bar || !text) return;
    event.preventDefault();
    const submitter = event.submitter instanceof HTMLButtonElement ? event.submitter : null;
    const body = new FormData(form, submitter);
    box.hidden = false;
    bar.value = 0;
    text.textContent = texts.progress.replace('{percent}', '0');
    const request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.round((e.loaded * 100) / e.total);
      bar.value = percent;
      text.textContent = texts.progress.replace('{percent}', String(percent));
    });
    request.upload.addEventListener('load', () => {
      bar.value = 100;
      text.textContent = texts.checking;
    });
    request.addEventListener('load', () => {
      if (request.status < 400 && request.responseURL) {
        window.location.assign(request.responseURL);
        return;
      }
      form.dataset.native = 'true';
      form.requestSubmit(submitter);
    });
    request.addEventListener('error', () => {
      text.textContent = texts.failed;
    });
    request.send(body);
  };
  form.addEventListener('submit', onSubmit);
  return () => form.removeEventListener('submit', onSubmit);
}
