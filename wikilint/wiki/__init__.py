"""A live wiki: pages by title, saving fixes as a bot, siteinfo and TemplateData (API client)."""
