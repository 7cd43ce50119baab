// Forms marked data-confirm="question" ask before they are sent (deleting a post, for one).
document.addEventListener('submit', event => {
    const question = event.target instanceof HTMLFormElement ? event.target.dataset.confirm : undefined;
    if (question && !window.confirm(question)) event.preventDefault();
});
