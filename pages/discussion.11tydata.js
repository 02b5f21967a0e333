// The "Recent discussion" page exists only on a site that shows its discussion
// (a channel serialpress reads back, or a snapshot with comments).
export default {
  permalink: (data) => (data.serial.discussion ? "/discussion/" : false),
};
