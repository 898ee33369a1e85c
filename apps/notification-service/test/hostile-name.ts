/** A name that would ping a Slack channel or break Telegram HTML if a message forgot to escape it. */
export const HOSTILE_NAME = '<!channel> <@U123|boss> & <script>"x"</script>';
