-- Online payment of dossier fees (thanh toán trực tuyến) through a VNPay-protocol gateway, and the electronic
-- receipts (biên lai điện tử) issued when a payment settles.
--
-- A payment is created pending for the fees outstanding on a dossier and settled ONLY by the gateway's signed
-- server-to-server notification (IPN), in one transaction that locks the payment row, marks the covered fees paid
-- and issues the receipt. The browser's return from the gateway never settles anything.

CREATE TABLE payments (
  id uuid PRIMARY KEY,
  dossier_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  agency_id uuid NOT NULL REFERENCES agencies (id),
  payer_user_id uuid NOT NULL REFERENCES users (id),
  amount bigint NOT NULL CHECK (amount > 0),
  fee_codes text[] NOT NULL CHECK (cardinality(fee_codes) >= 1),
  txn_ref text NOT NULL UNIQUE CHECK (txn_ref ~ '^[A-Za-z0-9]{1,100}$'),
  status text NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'expired')),
  gateway text NOT NULL CHECK (gateway IN ('vnpay')),
  order_info text NOT NULL,
  payment_url text NOT NULL,
  client_ip text NOT NULL,
  expires_at timestamptz NOT NULL,
  bank_code text,
  gateway_transaction_no text,
  gateway_response_code text,
  gateway_transaction_status text,
  paid_at timestamptz,
  created_at timestamptz NOT NULL,
  settled_at timestamptz,
  FOREIGN KEY (dossier_id, unit_id) REFERENCES dossiers (id, receiving_unit_id) ON UPDATE CASCADE,
  CHECK ((status IN ('paid', 'failed')) = (settled_at IS NOT NULL)),
  CHECK ((status = 'paid') = (paid_at IS NOT NULL))
);
CREATE INDEX payments_dossier_idx ON payments (dossier_id, created_at);
CREATE INDEX payments_unit_created_idx ON payments (unit_id, created_at, id);
CREATE INDEX payments_created_idx ON payments (created_at, id);
COMMENT ON TABLE payments IS 'Online payments of dossier fees through a VNPay-protocol gateway: created pending for the outstanding fees, settled paid or failed by the gateway''s signed IPN only.';
COMMENT ON COLUMN payments.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN payments.dossier_id IS 'The dossier whose fees are paid.';
COMMENT ON COLUMN payments.unit_id IS 'Tenant key: the dossier''s receiving unit (follows it on a reform move).';
COMMENT ON COLUMN payments.agency_id IS 'The receiving desk that collects the fees; its per-year series numbers the receipt.';
COMMENT ON COLUMN payments.payer_user_id IS 'The applicant''s account that started the payment.';
COMMENT ON COLUMN payments.amount IS 'Amount in integer VND (the gateway is sent amount × 100).';
COMMENT ON COLUMN payments.fee_codes IS 'Codes of the dossier fees (dossier_fees.code) this payment covers; they were all unpaid when it was created.';
COMMENT ON COLUMN payments.txn_ref IS 'The order reference sent to the gateway (vnp_TxnRef); unique, the key the IPN names the payment by.';
COMMENT ON COLUMN payments.status IS 'pending (sent to the gateway), paid or failed (settled by the IPN; a payer who cancels at the bank is failed), or expired (the gateway link lapsed with no IPN; a late IPN still settles it, the bank being authoritative).';
COMMENT ON COLUMN payments.gateway IS 'The gateway protocol: vnpay.';
COMMENT ON COLUMN payments.order_info IS 'The order description sent to the gateway (vnp_OrderInfo), without diacritics as the gateway asks.';
COMMENT ON COLUMN payments.payment_url IS 'The signed gateway URL the payer was sent to; handed out again while the payment is pending and unexpired.';
COMMENT ON COLUMN payments.client_ip IS 'The payer''s address sent to the gateway (vnp_IpAddr).';
COMMENT ON COLUMN payments.expires_at IS 'When the gateway stops accepting the payment (vnp_ExpireDate).';
COMMENT ON COLUMN payments.bank_code IS 'The bank or wallet the payer used (vnp_BankCode), from the IPN.';
COMMENT ON COLUMN payments.gateway_transaction_no IS 'The gateway''s transaction number (vnp_TransactionNo), from the IPN.';
COMMENT ON COLUMN payments.gateway_response_code IS 'vnp_ResponseCode of the IPN (00 success, 24 cancelled by the payer, 51 insufficient funds…).';
COMMENT ON COLUMN payments.gateway_transaction_status IS 'vnp_TransactionStatus of the IPN (00 success, 01 pending, 02 failed…).';
COMMENT ON COLUMN payments.paid_at IS 'When the bank took the money (vnp_PayDate); null unless paid.';
COMMENT ON COLUMN payments.created_at IS 'When the payment was created (business clock).';
COMMENT ON COLUMN payments.settled_at IS 'When the IPN settled it paid or failed (business clock); null before.';

CREATE TABLE payment_receipt_counters (
  agency_id uuid NOT NULL REFERENCES agencies (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
  last_value integer NOT NULL CHECK (last_value >= 1),
  PRIMARY KEY (agency_id, year)
);
COMMENT ON TABLE payment_receipt_counters IS 'Per collecting desk and year, the last receipt number issued; incremented in the settling transaction, so a number is never handed out twice.';
COMMENT ON COLUMN payment_receipt_counters.agency_id IS 'The collecting desk.';
COMMENT ON COLUMN payment_receipt_counters.year IS 'The local (Asia/Ho_Chi_Minh) year of the series.';
COMMENT ON COLUMN payment_receipt_counters.last_value IS 'The last number issued in that year.';

CREATE TABLE payment_receipts (
  id uuid PRIMARY KEY,
  payment_id uuid NOT NULL UNIQUE REFERENCES payments (id),
  unit_id uuid NOT NULL,
  agency_id uuid NOT NULL REFERENCES agencies (id),
  year integer NOT NULL,
  seq integer NOT NULL CHECK (seq >= 1),
  number text NOT NULL UNIQUE,
  issued_at timestamptz NOT NULL,
  UNIQUE (agency_id, year, seq)
);
COMMENT ON TABLE payment_receipts IS 'Electronic receipts (biên lai điện tử) of settled payments: one per paid payment, numbered from the desk''s yearly series.';
COMMENT ON COLUMN payment_receipts.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN payment_receipts.payment_id IS 'The paid payment; unique, so a receipt is issued exactly once.';
COMMENT ON COLUMN payment_receipts.unit_id IS 'Tenant key: the receiving unit of the dossier at issue.';
COMMENT ON COLUMN payment_receipts.agency_id IS 'The collecting desk whose series numbers the receipt.';
COMMENT ON COLUMN payment_receipts.year IS 'The local year of the series.';
COMMENT ON COLUMN payment_receipts.seq IS 'The number in the desk''s series of that year, from 1.';
COMMENT ON COLUMN payment_receipts.number IS 'The printed receipt number: <desk code>-BL<year>-<seq, 6 digits>.';
COMMENT ON COLUMN payment_receipts.issued_at IS 'When it was issued (the settlement time).';

-- Fees paid online point at the payment that paid them (an additive change to the dossier fees).
ALTER TABLE dossier_fees DROP CONSTRAINT dossier_fees_paid_via_check;
ALTER TABLE dossier_fees ADD CONSTRAINT dossier_fees_paid_via_check CHECK (paid_via IN ('counter', 'online'));
ALTER TABLE dossier_fees ADD COLUMN payment_id uuid REFERENCES payments (id);
ALTER TABLE dossier_fees ADD CONSTRAINT dossier_fees_online_payment_check
  CHECK ((paid_via IS NOT DISTINCT FROM 'online') = (payment_id IS NOT NULL));
COMMENT ON COLUMN dossier_fees.paid_via IS 'How it was paid: counter (cash or card at the desk) or online (through the payment gateway; see payment_id).';
COMMENT ON COLUMN dossier_fees.payment_id IS 'The online payment that paid the fee; null unless paid online.';
