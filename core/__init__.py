"""Infrastructure every package uses: database, clock, mail outbox, errors, i18n."""
