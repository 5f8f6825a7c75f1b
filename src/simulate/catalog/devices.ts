/**
 * Devices and user agents. A person keeps the same laptop and phone for the whole month, so a device the
 * attacker brings (see the scenarios) is one the tenant has never seen, as in a real investigation.
 * Entra reports Windows 11 as "Windows10" and fills deviceId only for joined or registered devices.
 */
import type { GraphDeviceDetail } from '../graph-types.js';
import type { Rng } from '../random.js';

/** One of a person's devices: what deviceDetail says, and the user agents of its browser and its apps. */
export interface UserDevice {
  readonly kind: 'laptop' | 'phone';
  /** deviceDetail for a browser sign-in; app sign-ins use it with an empty browser. */
  readonly detail: GraphDeviceDetail;
  readonly browserUserAgent: string;
  readonly appUserAgent: string;
}

const CHROME = '128.0.6613.138';
const EDGE = '128.0.2739.79';

/** A corporate laptop: Entra-joined Windows (most) or a registered Mac. */
export function makeLaptop(rng: Rng): UserDevice {
  const serial = rng.int(1000, 9999);
  if (rng.chance(0.8)) {
    const edge = rng.chance(0.65);
    const base = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)';
    return {
      kind: 'laptop',
      detail: {
        deviceId: rng.uuid(),
        displayName: `CDM-LT-${serial}`,
        operatingSystem: 'Windows10',
        browser: edge ? 'Edge 128.0.0' : 'Chrome 128.0.0',
        isCompliant: true,
        isManaged: true,
        trustType: 'Azure AD joined',
      },
      browserUserAgent: edge
        ? `${base} Chrome/128.0.0.0 Safari/537.36 Edg/${EDGE}`
        : `${base} Chrome/${CHROME} Safari/537.36`,
      appUserAgent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64; WebView/3.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.26100',
    };
  }
  const safari = rng.chance(0.6);
  const base = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
  return {
    kind: 'laptop',
    detail: {
      deviceId: rng.uuid(),
      displayName: `CDM-MB-${serial}`,
      operatingSystem: 'MacOs',
      browser: safari ? 'Safari 17.6' : 'Chrome 128.0.0',
      isCompliant: true,
      isManaged: true,
      trustType: 'Azure AD registered',
    },
    browserUserAgent: safari
      ? `${base} Version/17.6 Safari/605.1.15`
      : 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/' +
        `${CHROME} Safari/537.36`,
    appUserAgent: `${base} Microsoft Outlook/16.89`,
  };
}

/** A personal phone, registered in Entra through the Authenticator app about half the time. */
export function makePhone(rng: Rng, forceIphone = false): UserDevice {
  const registered = rng.chance(0.5);
  const iphone = forceIphone || rng.chance(0.6);
  const os = iphone ? 'Ios 18.6' : 'Android 14';
  const ua = iphone
    ? 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148'
    : `Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${CHROME} Mobile Safari/537.36`;
  return {
    kind: 'phone',
    detail: {
      deviceId: registered ? rng.uuid() : '',
      displayName: registered ? (iphone ? 'iPhone' : 'Galaxy S23') : '',
      operatingSystem: os,
      browser: iphone ? 'Mobile Safari 18.6' : 'Chrome Mobile 128.0.6613',
      isCompliant: false,
      isManaged: false,
      trustType: registered ? 'Azure AD registered' : '',
    },
    browserUserAgent: ua,
    appUserAgent: ua,
  };
}

/** The iOS Mail app's Exchange ActiveSync user agent, e.g. "Apple-iPhone15C2/2207.101". */
export const IOS_MAIL_EAS_USER_AGENT = 'Apple-iPhone15C2/2207.101';

/** deviceDetail with the browser cleared, as Entra writes it for desktop and mobile app sign-ins. */
export function forApp(detail: GraphDeviceDetail): GraphDeviceDetail {
  return { ...detail, browser: '' };
}

/** deviceDetail of a client Entra knows nothing about (legacy protocols, unregistered attacker tools). */
export function unknownDevice(operatingSystem = '', browser = ''): GraphDeviceDetail {
  return {
    deviceId: '',
    displayName: '',
    operatingSystem,
    browser,
    isCompliant: false,
    isManaged: false,
    trustType: '',
  };
}
