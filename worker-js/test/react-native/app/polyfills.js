// What an app on a phone has and the Hermes command-line VM lacks, run before every module (as
// Metro runs React Native's own polyfills): React Native provides console, performance.now() and
// timers; Jazz's React Native polyfills ("jazz-tools/react-native/polyfills") install TextEncoder
// and TextDecoder (react-native-fast-encoder, a native module) and crypto.getRandomValues
// (react-native-get-random-values). Here they are plain JS: UTF-8 only, and random values from a
// seeded generator, which no test relies on for secrecy.
/* eslint-disable no-var */
(function (global) {
  function line(args) {
    var parts = [];
    for (var i = 0; i < args.length; i++) {
      var a = args[i];
      if (a instanceof Error) {
        parts.push(String(a.stack || a));
      } else if (typeof a === "object" && a !== null) {
        try { parts.push(JSON.stringify(a)); } catch (e) { parts.push(String(a)); }
      } else {
        parts.push(String(a));
      }
    }
    return parts.join(" ");
  }
  if (typeof global.console === "undefined") {
    var log = function () { print(line(arguments)); };
    global.console = { log: log, info: log, debug: log, warn: log, error: log, trace: log };
  }
  if (typeof global.performance === "undefined") {
    global.performance = { now: function () { return Date.now(); } };
  }

  function TextEncoder() {}
  TextEncoder.prototype.encoding = "utf-8";
  TextEncoder.prototype.encode = function (text) {
    var s = String(text === undefined ? "" : text);
    var out = new Uint8Array(s.length * 3);
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
        }
      }
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      if (c < 0x80) {
        out[n++] = c;
      } else if (c < 0x800) {
        out[n++] = 0xc0 | (c >> 6); out[n++] = 0x80 | (c & 63);
      } else if (c < 0x10000) {
        out[n++] = 0xe0 | (c >> 12); out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63);
      } else {
        out[n++] = 0xf0 | (c >> 18); out[n++] = 0x80 | ((c >> 12) & 63);
        out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63);
      }
    }
    return out.slice(0, n);
  };
  TextEncoder.prototype.encodeInto = function (text, target) {
    var bytes = this.encode(text);
    var n = Math.min(bytes.length, target.length);
    target.set(bytes.subarray(0, n));
    return { read: String(text).length, written: n };
  };

  function TextDecoder() {}
  TextDecoder.prototype.encoding = "utf-8";
  var NON_ASCII = /[\u0080-\u00ff]/;
  TextDecoder.prototype.decode = function (input) {
    if (input === undefined) return "";
    var b = input instanceof Uint8Array ? input
      : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
      : new Uint8Array(input);
    var chunks = [];
    for (var i = 0; i < b.length;) {
      var end = Math.min(b.length, i + 8192);
      // JSON is mostly ASCII: a chunk of it is one String.fromCharCode call, checked by a regex
      // (both native), far faster on Hermes' interpreter than a loop over the bytes.
      var text = String.fromCharCode.apply(null, b.subarray(i, end));
      if (!NON_ASCII.test(text)) {
        chunks.push(text);
        i = end;
        continue;
      }
      var codes = [];
      while (i < end) {
        var x = b[i++];
        var c;
        if (x < 0x80) {
          c = x;
        } else if (x >= 0xc2 && x < 0xe0 && i < b.length) {
          c = ((x & 31) << 6) | (b[i++] & 63);
        } else if (x >= 0xe0 && x < 0xf0 && i + 1 < b.length) {
          c = ((x & 15) << 12) | ((b[i++] & 63) << 6) | (b[i++] & 63);
        } else if (x >= 0xf0 && x < 0xf5 && i + 2 < b.length) {
          c = ((x & 7) << 18) | ((b[i++] & 63) << 12) | ((b[i++] & 63) << 6) | (b[i++] & 63);
        } else {
          c = 0xfffd;
        }
        if (c >= 0x10000) {
          c -= 0x10000;
          codes.push(0xd800 + (c >> 10), 0xdc00 + (c & 1023));
        } else {
          codes.push(c);
        }
      }
      chunks.push(String.fromCharCode.apply(null, codes));
    }
    return chunks.join("");
  };
  if (typeof global.TextEncoder === "undefined") global.TextEncoder = TextEncoder;
  if (typeof global.TextDecoder === "undefined") global.TextDecoder = TextDecoder;

  if (typeof global.crypto === "undefined") {
    var seed = 0x9e3779b9;
    global.crypto = {
      getRandomValues: function (array) {
        var bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
        for (var i = 0; i < bytes.length; i++) {
          seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
          bytes[i] = seed & 255;
        }
        return array;
      },
    };
  }
})(typeof globalThis !== "undefined" ? globalThis : this);
