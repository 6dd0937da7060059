/**
 * The sign-in page's messages in every language it speaks (ICU MessageFormat). English is the
 * reference: every other catalogue must hold exactly its keys, which the compiler checks.
 */
export const en = {
  title: 'Sign in to {agency}',
  intro: "Use your {agency} account. Your password stays with your agency's own sign-in service.",
  username: 'Username',
  password: 'Password',
  totp: 'One-time code (if your account has one)',
  submit: 'Sign in',
  refused: 'Sign-in refused: check your username, password and one-time code.',
  expired: 'This sign-in page has expired. Go back to the console and sign in again.',
  logoutTitle: 'Sign out of {agency}',
  logoutConfirm: 'Sign out',
} as const;

export type MessageKey = keyof typeof en;
type Catalogue = Readonly<Record<MessageKey, string>>;

const id: Catalogue = {
  title: 'Masuk ke {agency}',
  intro: 'Gunakan akun {agency} Anda. Kata sandi Anda tetap berada di layanan masuk milik instansi Anda sendiri.',
  username: 'Nama pengguna',
  password: 'Kata sandi',
  totp: 'Kode sekali pakai (jika akun Anda memilikinya)',
  submit: 'Masuk',
  refused: 'Gagal masuk: periksa nama pengguna, kata sandi, dan kode sekali pakai Anda.',
  expired: 'Halaman masuk ini telah kedaluwarsa. Kembali ke konsol dan masuk lagi.',
  logoutTitle: 'Keluar dari {agency}',
  logoutConfirm: 'Keluar',
};

const th: Catalogue = {
  title: 'ลงชื่อเข้าใช้ {agency}',
  intro: 'ใช้บัญชี {agency} ของคุณ รหัสผ่านของคุณจะอยู่กับบริการลงชื่อเข้าใช้ของหน่วยงานคุณเท่านั้น',
  username: 'ชื่อผู้ใช้',
  password: 'รหัสผ่าน',
  totp: 'รหัสใช้ครั้งเดียว (หากบัญชีของคุณมี)',
  submit: 'ลงชื่อเข้าใช้',
  refused: 'ลงชื่อเข้าใช้ไม่สำเร็จ: โปรดตรวจสอบชื่อผู้ใช้ รหัสผ่าน และรหัสใช้ครั้งเดียว',
  expired: 'หน้าลงชื่อเข้าใช้นี้หมดอายุแล้ว โปรดกลับไปที่คอนโซลและลงชื่อเข้าใช้อีกครั้ง',
  logoutTitle: 'ออกจากระบบ {agency}',
  logoutConfirm: 'ออกจากระบบ',
};

export const catalogues = { en, id, th } as const satisfies Record<string, Catalogue>;
export type Locale = keyof typeof catalogues;
