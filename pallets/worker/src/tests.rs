//! The worker against canned trainer answers (`TestOffchainExt`) and a test pool: each role's
//! happy path, a malformed answer, a trainer that does not answer, a duplicate run, a lock
//! held by another run, a pool that refuses, and nonces across blocks.
//!
//! The cast: Alice (her operator key in the keystore) runs node 0 with two GPUs, so it ranks
//! first: trainer of shard 0, and the merger. Bob runs node 1 (his key is not in this node's
//! keystore; the tests sign for him). Charlie posts a one-round job.

use crate::{
	mock::*,
	status::{self, WorkerStatus},
	trainer::{parse_response, request_body},
	Duty, Outcome, Stage, KEY_TYPE, TRAINER_URL_KEY,
};
use aicchain_primitives::{
	task::{
		rpc::{code, method, Judgement, MergeInput, MergeReport, Stakes, UpdateCheck},
		Device, HyperParams, Measured, ModelKind, Optimizer, UpdateReport, Verdict,
	},
	NodeId, Roles,
};
use frame_support::{assert_ok, traits::Hooks};
use pallet_training::{DatasetRef, Priority, Rounds};
use parking_lot::RwLock;
use sp_core::{
	offchain::{
		testing::{OffchainState, PendingRequest, PoolState, TestOffchainExt},
		HttpError, HttpRequestId, HttpRequestStatus, OffchainDbExt, OffchainWorkerExt,
		OpaqueNetworkState, Timestamp, TransactionPool, TransactionPoolExt,
	},
	sr25519, Pair, H256,
};
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::offchain::storage::StorageValueRef;
use std::sync::Arc;

const TRAINER: &str = "http://trainer";
const ALICE_URL: &str = "http://alice:9955";
const BOB_URL: &str = "http://bob:9955";
const A: NodeId = 0;
const B: NodeId = 1;

fn account(seed: &str) -> AccountId {
	sr25519::Pair::from_string(seed, None).unwrap().public()
}

/// A pool that refuses transactions while `refusing` is set.
#[derive(Default)]
struct Pool {
	state: Arc<RwLock<PoolState>>,
	refusing: Arc<RwLock<bool>>,
}

impl TransactionPool for Pool {
	fn submit_transaction(&mut self, extrinsic: Vec<u8>) -> Result<(), ()> {
		if *self.refusing.read() {
			return Err(());
		}
		self.state.write().transactions.push(extrinsic);
		Ok(())
	}
}

/// Canned HTTP that never answers: every request reaches its deadline.
struct Silent(TestOffchainExt);

impl sp_core::offchain::Externalities for Silent {
	fn is_validator(&self) -> bool {
		self.0.is_validator()
	}
	fn network_state(&self) -> Result<OpaqueNetworkState, ()> {
		self.0.network_state()
	}
	fn timestamp(&mut self) -> Timestamp {
		self.0.timestamp()
	}
	fn sleep_until(&mut self, deadline: Timestamp) {
		self.0.sleep_until(deadline)
	}
	fn random_seed(&mut self) -> [u8; 32] {
		self.0.random_seed()
	}
	fn http_request_start(&mut self, m: &str, u: &str, meta: &[u8]) -> Result<HttpRequestId, ()> {
		self.0.http_request_start(m, u, meta)
	}
	fn http_request_add_header(&mut self, id: HttpRequestId, n: &str, v: &str) -> Result<(), ()> {
		self.0.http_request_add_header(id, n, v)
	}
	fn http_request_write_body(
		&mut self,
		_: HttpRequestId,
		_: &[u8],
		_: Option<Timestamp>,
	) -> Result<(), HttpError> {
		Ok(())
	}
	fn http_response_wait(
		&mut self,
		ids: &[HttpRequestId],
		_: Option<Timestamp>,
	) -> Vec<HttpRequestStatus> {
		ids.iter().map(|_| HttpRequestStatus::DeadlineReached).collect()
	}
	fn http_response_headers(&mut self, _: HttpRequestId) -> Vec<(Vec<u8>, Vec<u8>)> {
		Vec::new()
	}
	fn http_response_read_body(
		&mut self,
		_: HttpRequestId,
		_: &mut [u8],
		_: Option<Timestamp>,
	) -> Result<usize, HttpError> {
		Err(HttpError::DeadlineReached)
	}
	fn set_authorized_nodes(&mut self, nodes: Vec<sp_core::OpaquePeerId>, only: bool) {
		self.0.set_authorized_nodes(nodes, only)
	}
}

/// The test's world: the runtime, the trainer's canned answers, the pool.
struct World {
	ext: sp_io::TestExternalities,
	http: Arc<RwLock<OffchainState>>,
	pool: Arc<RwLock<PoolState>>,
	refusing: Arc<RwLock<bool>>,
	alice: AccountId,
	bob: AccountId,
}

impl World {
	/// Alice's node `A` (2 GPUs, `alice_roles`) and Bob's node `B` (1 GPU, `bob_roles`) are
	/// registered, Charlie's job runs, and the block is 1. `silent` makes every HTTP request
	/// time out.
	fn new(alice_roles: Roles, bob_roles: Roles, silent: bool) -> Self {
		Self::build(alice_roles, bob_roles, silent, true)
	}

	/// As [`World::new`], without a job: the nodes have nothing to train or judge.
	fn idle() -> Self {
		Self::build(TRAINER_ONLY, VALIDATOR_ONLY, false, false)
	}

	fn build(alice_roles: Roles, bob_roles: Roles, silent: bool, job: bool) -> Self {
		let keystore = MemoryKeystore::new();
		let alice = keystore.sr25519_generate_new(KEY_TYPE, Some("//Alice")).unwrap();
		let (bob, charlie) = (account("//Bob"), account("//Charlie"));
		let mut ext = new_test_ext(&[alice, bob, charlie]);
		let (offchain, http) = TestOffchainExt::new();
		let pool = Pool::default();
		let (pool_state, refusing) = (pool.state.clone(), pool.refusing.clone());
		if silent {
			ext.register_extension(OffchainWorkerExt::new(Silent(offchain.clone())));
		} else {
			ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
		}
		ext.register_extension(OffchainDbExt::new(offchain));
		ext.register_extension(TransactionPoolExt::new(pool));
		ext.register_extension(KeystoreExt::new(Arc::new(keystore)));
		ext.execute_with(|| {
			System::set_block_number(1);
			StorageValueRef::persistent(TRAINER_URL_KEY).set(&TRAINER.as_bytes().to_vec());
			let alice_specs = NodeSpecs { gpu_count: 2, ..specs(ALICE_URL) };
			assert_ok!(Compute::register_node(
				RuntimeOrigin::signed(alice),
				alice_specs,
				alice_roles
			));
			assert_ok!(Compute::register_node(
				RuntimeOrigin::signed(bob),
				specs(BOB_URL),
				bob_roles
			));
			if !job {
				return;
			}
			let trainers = u32::from(alice_roles.trainer) + u32::from(bob_roles.trainer);
			let validators = u32::from(alice_roles.validator) + u32::from(bob_roles.validator);
			assert_ok!(Training::create_job(
				RuntimeOrigin::signed(charlie),
				ModelKind::Mlp,
				DatasetRef { hash: H256::repeat_byte(7), location: b"fashion".to_vec() },
				params(),
				1,
				trainers,
				validators,
				1_000,
				aicchain_primitives::Funding::Own,
				0,
				Priority::Normal,
			));
		});
		Self { ext, http, pool: pool_state, refusing, alice, bob }
	}

	/// Runs the worker at block `n`.
	fn run_at(&mut self, n: u64) {
		self.ext.execute_with(|| {
			System::set_block_number(n);
			Worker::offchain_worker(n);
		});
	}

	/// The trainer will answer the next request, a call of `method` with `params`, with
	/// `result` (a JSON text).
	fn expect<P: serde::Serialize>(&self, method: &str, params: P, result: &str) {
		self.expect_raw(
			request_body(method, params),
			&format!(r#"{{"jsonrpc":"2.0","id":1,"result":{result}}}"#),
		);
	}

	/// The trainer will answer the next request, `body`, with `response` as it is.
	fn expect_raw(&self, body: Vec<u8>, response: &str) {
		self.http.write().expect_request(PendingRequest {
			method: "POST".into(),
			uri: TRAINER.into(),
			headers: vec![("Content-Type".into(), "application/json".into())],
			body,
			response: Some(response.as_bytes().to_vec()),
			sent: true,
			..Default::default()
		});
	}

	/// The transactions in the pool, decoded, and empties it.
	fn take_transactions(&self) -> Vec<(AccountId, u32, RuntimeCall)> {
		let transactions = std::mem::take(&mut self.pool.write().transactions);
		transactions.iter().map(|bytes| decode_transaction(bytes)).collect()
	}

	/// Includes `call` as signed by `who`, as a block would.
	fn include(&mut self, who: AccountId, call: RuntimeCall) {
		self.ext.execute_with(|| {
			use sp_runtime::traits::Dispatchable;
			assert_ok!(call.dispatch(RuntimeOrigin::signed(who)));
			frame_system::Pallet::<Test>::inc_account_nonce(who);
		});
	}

	fn stage(&mut self, duty: Duty) -> Option<Stage> {
		self.ext.execute_with(|| crate::duties::stage_of(&duty))
	}

	fn status(&mut self) -> WorkerStatus {
		self.ext.execute_with(|| {
			StorageValueRef::persistent(status::STATUS_KEY).get().unwrap().unwrap()
		})
	}

	fn task(&mut self, node: NodeId) -> aicchain_primitives::task::TaskSpec {
		self.ext.execute_with(|| Training::task_spec(0, 1, node).unwrap())
	}
}

use aicchain_primitives::NodeSpecs;

fn params() -> HyperParams {
	HyperParams {
		optimizer: Optimizer::Adam,
		learning_rate: sp_runtime::Perbill::from_parts(1_000_000),
		batch_size: 64,
		steps: 24,
		checkpoint_every: 8,
	}
}

fn update(byte: u8) -> UpdateReport {
	UpdateReport {
		weights: H256::repeat_byte(byte),
		checkpoints: H256::repeat_byte(byte + 1),
		samples: 24 * 64,
		steps: 24,
		loss_before: 2_300_000,
		loss_after: 700_000,
		wall_ms: 900,
		device: Device::Cpu { threads: 2 },
	}
}

fn json<T: serde::Serialize>(value: &T) -> String {
	serde_json::to_string(value).unwrap()
}

/// Makes heartbeats fall due only after the tests end, so that the pool holds only duties.
fn quiet_heartbeats() {
	Policy::set(&aicchain_primitives::NetworkPolicy { heartbeat_timeout: 1_000, ..Policy::get() });
}

/// What Bob's node stands to win and lose in Charlie's job as the tests post it: judged by
/// Alice's node alone, 80% of the 1,000 reward, 10% of the 1,000 bond.
const STAKES: Stakes = Stakes { validators: 1, reward: 800, slash: 100 };

const TRAINER_ONLY: Roles = Roles { trainer: true, validator: false };
const VALIDATOR_ONLY: Roles = Roles { trainer: false, validator: true };

mod trainer_role {
	use super::*;

	#[test]
	fn trains_on_its_gpu_only_where_every_judge_has_the_same_gpu() {
		let mut world = World::new(TRAINER_ONLY, VALIDATOR_ONLY, false);
		let task = world.task(A);
		let train = Duty::Train { job: 0, round: 1, node: A };
		// Bob, the only judge, now declares another GPU: Alice's node must train on its CPU.
		let bob = world.bob;
		let h200 = NodeSpecs { gpu_model: b"NVIDIA H200".to_vec(), ..specs(BOB_URL) };
		world.include(
			bob,
			RuntimeCall::Compute(pallet_compute::Call::update_specs { node: B, specs: h200 }),
		);

		world.expect(method::TRAIN, (&task, None::<&str>, false), "7");
		world.run_at(2);
		assert_eq!(world.stage(train), Some(Stage::Training { task: 7, attempts: 0 }));
	}

	#[test]
	fn trains_polls_and_submits_the_update_once() {
		let mut world = World::new(TRAINER_ONLY, VALIDATOR_ONLY, false);
		let task = world.task(A);
		let train = Duty::Train { job: 0, round: 1, node: A };

		world.expect(method::TRAIN, (&task, None::<&str>, true), "7");
		world.run_at(2);
		assert_eq!(world.stage(train), Some(Stage::Training { task: 7, attempts: 0 }));
		assert!(world.take_transactions().is_empty());

		world.expect(method::STATUS, [7], r#"{"state":"running","progress":null}"#);
		world.run_at(3);
		let done = format!(r#"{{"state":"done","report":{{}},"update":{}}}"#, json(&update(0xaa)));
		world.expect(method::STATUS, [7], &done);
		world.run_at(4);
		let submitted = world.take_transactions();
		let call: RuntimeCall = pallet_training::Call::submit_update {
			job: 0,
			round: 1,
			node: A,
			update: update(0xaa),
		}
		.into();
		assert_eq!(submitted, [(world.alice, 0, call.clone())]);

		// Runs in later blocks (or again in this one) do not submit it again.
		world.run_at(4);
		world.run_at(5);
		assert!(world.take_transactions().is_empty());
		world.include(world.alice, call);
		world.run_at(6);
		assert_eq!(world.stage(train), None, "a recorded duty is forgotten");
		assert!(world.status().events.iter().any(|e| e.text.contains("submitted")));
	}

	#[test]
	fn a_malformed_answer_is_retried_with_backoff() {
		let mut world = World::new(TRAINER_ONLY, VALIDATOR_ONLY, false);
		let task = world.task(A);
		let train = Duty::Train { job: 0, round: 1, node: A };
		world.expect_raw(
			request_body(method::TRAIN, (&task, None::<&str>, true)),
			"<html>oops</html>",
		);
		world.run_at(2);
		assert_eq!(world.stage(train), Some(Stage::Waiting { attempts: 1, retry_at: 3 }));
		world.expect(method::TRAIN, (&task, None::<&str>, true), r#""not a number""#);
		world.run_at(3);
		assert_eq!(world.stage(train), Some(Stage::Waiting { attempts: 2, retry_at: 5 }));
		world.run_at(4); // Waits: no request is expected.
		world.expect(method::TRAIN, (&task, None::<&str>, true), "8");
		world.run_at(5);
		assert_eq!(world.stage(train), Some(Stage::Training { task: 8, attempts: 2 }));
		let errors = world.status().events.iter().filter(|e| e.error).count();
		assert_eq!(errors, 2);
	}

	#[test]
	fn a_failed_or_forgotten_task_is_trained_again() {
		let mut world = World::new(TRAINER_ONLY, VALIDATOR_ONLY, false);
		let task = world.task(A);
		let train = Duty::Train { job: 0, round: 1, node: A };
		world.expect(method::TRAIN, (&task, None::<&str>, true), "7");
		world.run_at(2);
		let forgotten =
			r#"{"jsonrpc":"2.0","id":1,"error":{"code":1003,"message":"unknown task 7"}}"#;
		world.expect_raw(request_body(method::STATUS, [7]), forgotten);
		world.run_at(3);
		assert_eq!(world.stage(train), Some(Stage::Waiting { attempts: 1, retry_at: 4 }));
		world.expect(method::TRAIN, (&task, None::<&str>, true), "9");
		world.run_at(4);
		world.expect(method::STATUS, [9], r#"{"state":"failed","error":"out of memory"}"#);
		world.run_at(5);
		assert_eq!(world.stage(train), Some(Stage::Waiting { attempts: 2, retry_at: 7 }));
	}

	#[test]
	fn a_silent_trainer_is_retried_and_nothing_is_submitted() {
		let mut world = World::new(TRAINER_ONLY, VALIDATOR_ONLY, true);
		let train = Duty::Train { job: 0, round: 1, node: A };
		world.run_at(2);
		assert_eq!(world.stage(train), Some(Stage::Waiting { attempts: 1, retry_at: 3 }));
		world.run_at(3);
		assert_eq!(world.stage(train), Some(Stage::Waiting { attempts: 2, retry_at: 5 }));
		assert!(world.take_transactions().is_empty());
		let status = world.status();
		assert!(status.events.iter().all(|e| e.error && e.text.contains("did not answer")));
	}

	#[test]
	fn a_busy_trainer_is_asked_again_next_block_without_backoff() {
		let mut world = World::new(TRAINER_ONLY, VALIDATOR_ONLY, false);
		let task = world.task(A);
		let busy = format!(
			r#"{{"jsonrpc":"2.0","id":1,"error":{{"code":{},"message":"busy with task 3"}}}}"#,
			code::BUSY
		);
		world.expect_raw(request_body(method::TRAIN, (&task, None::<&str>, true)), &busy);
		world.run_at(2);
		let train = Duty::Train { job: 0, round: 1, node: A };
		assert_eq!(world.stage(train), Some(Stage::Waiting { attempts: 0, retry_at: 0 }));
		world.expect(method::TRAIN, (&task, None::<&str>, true), "4");
		world.run_at(3);
		assert_eq!(world.stage(train), Some(Stage::Training { task: 4, attempts: 0 }));
	}

	#[test]
	fn a_duty_another_run_holds_is_left_alone() {
		let mut world = World::new(TRAINER_ONLY, VALIDATOR_ONLY, false);
		let train = Duty::Train { job: 0, round: 1, node: A };
		world.ext.execute_with(|| {
			use sp_runtime::offchain::storage_lock::{BlockAndTime, StorageLock};
			let key = (b"aicchain/worker/", &b"lock"[..], train).encode();
			let mut lock = StorageLock::<BlockAndTime<System>>::with_block_and_time_deadline(
				&key,
				10,
				sp_runtime::offchain::Duration::from_millis(60_000),
			);
			core::mem::forget(lock.try_lock().expect("free"));
		});
		world.run_at(2); // No request is expected: the other run works on it.
		assert_eq!(world.stage(train), None);
	}
}

mod validator_and_merger_roles {
	use super::*;

	/// Bob's node trains; Alice's only validates (and merges). Bob's update is in at block 2.
	fn world_with_bobs_update() -> World {
		let mut world = World::new(VALIDATOR_ONLY, TRAINER_ONLY, false);
		world.run_at(2); // Nothing to judge yet.
		let call = pallet_training::Call::submit_update {
			job: 0,
			round: 1,
			node: B,
			update: update(0xbb),
		};
		world.include(world.bob, call.into());
		world
	}

	#[test]
	fn judges_once_the_sample_seed_is_known_then_merges() {
		let mut world = world_with_bobs_update();
		world.run_at(2); // The update's block is not sealed: no sample seed, no request.
		let task = world.task(B);
		world.ext.execute_with(|| System::set_block_number(3));
		let seed = world.ext.execute_with(|| Training::sample_seed(0, 1, B, A)).unwrap();
		let bobs = update(0xbb);
		let check = UpdateCheck {
			task,
			update: bobs.clone(),
			sample_seed: seed,
			segments: SEGMENTS,
			stakes: Some(STAKES),
		};
		let measured =
			Measured { loss_before: Some(2_300_000), loss_after: Some(700_000), accuracy: None };
		// The trainer's answer, its details (everything it measured) included.
		let details = serde_json::json!({ "replayed": [{ "from_step": 0, "to_step": 50 }] });
		let judgement = Judgement {
			verdict: Verdict::Valid,
			measured,
			reasons: vec![],
			withheld: false,
			details,
		};
		world.expect(method::VALIDATE, (&check, Some(BOB_URL)), &json(&judgement));
		world.run_at(3);
		let verdict: RuntimeCall = pallet_training::Call::submit_verdict {
			job: 0,
			round: 1,
			node: A,
			trainer: B,
			verdict: Verdict::Valid,
			measured,
		}
		.into();
		assert_eq!(world.take_transactions(), [(world.alice, 0, verdict.clone())]);
		world.include(world.alice, verdict);
		assert!(
			world.ext.execute_with(|| Rounds::<Test>::get(0, 1).unwrap().phase)
				== pallet_training::RoundPhase::Merging
		);

		let inputs = [MergeInput { weights: bobs.weights, samples: bobs.samples }];
		let merged = H256::repeat_byte(0xcc);
		world.expect(
			method::MERGE,
			(&inputs[..], [BOB_URL]),
			&format!(r#"{{"weights":"{merged:?}","inputs":[],"samples":1536}}"#),
		);
		world.run_at(4);
		let merge: RuntimeCall =
			pallet_training::Call::submit_merge { job: 0, round: 1, node: A, model: merged }.into();
		assert_eq!(world.take_transactions(), [(world.alice, 1, merge)]);
	}

	#[test]
	fn a_refused_transaction_is_kept_and_submitted_next_block() {
		let mut world = world_with_bobs_update();
		let task = world.task(B);
		world.ext.execute_with(|| System::set_block_number(3));
		let seed = world.ext.execute_with(|| Training::sample_seed(0, 1, B, A)).unwrap();
		let bobs = update(0xbb);
		let check = UpdateCheck {
			task,
			update: bobs.clone(),
			sample_seed: seed,
			segments: SEGMENTS,
			stakes: Some(STAKES),
		};
		let invalid = r#"{"verdict":"Invalid","measured":{"loss_before":null,"loss_after":null,"accuracy":null},"reasons":["withheld: its checkpoint list"],"withheld":false,"details":{}}"#;
		world.expect(method::VALIDATE, (&check, Some(BOB_URL)), invalid);
		*world.refusing.write() = true;
		world.run_at(3);
		let judge = Duty::Judge { job: 0, round: 1, node: A, trainer: B };
		let outcome = Outcome::Verdict(Verdict::Invalid, Measured::default());
		assert_eq!(
			world.stage(judge),
			Some(Stage::Done { outcome: outcome.clone(), submitted_at: None, nonce: None })
		);
		assert!(world.status().events.iter().any(|e| e.error && e.text.contains("refused")));

		// The pool takes it next block, without asking the trainer again.
		*world.refusing.write() = false;
		world.run_at(4);
		let [(
			who,
			nonce,
			RuntimeCall::Training(pallet_training::Call::submit_verdict { verdict, .. }),
		)] = &world.take_transactions()[..]
		else {
			panic!("one verdict")
		};
		assert_eq!((*who, *nonce, *verdict), (world.alice, 0, Verdict::Invalid));
		let done = Stage::Done { outcome, submitted_at: Some(4), nonce: Some(0) };
		assert_eq!(world.stage(judge), Some(done));
	}
}

mod withheld_artifacts {
	use super::*;

	const WITHHELD: &str = r#"{"verdict":"Invalid","measured":{"loss_before":null,"loss_after":null,"accuracy":null},"reasons":["withheld: its checkpoint list"],"withheld":true,"details":{}}"#;

	/// Alice validates Bob's update, included at block 2; returns what she asks her trainer.
	fn world() -> (World, Vec<u8>) {
		let mut world = World::new(VALIDATOR_ONLY, TRAINER_ONLY, false);
		world.ext.execute_with(quiet_heartbeats);
		world.run_at(2);
		let call = pallet_training::Call::submit_update {
			job: 0,
			round: 1,
			node: B,
			update: update(0xbb),
		};
		world.include(world.bob, call.into());
		let task = world.task(B);
		world.ext.execute_with(|| System::set_block_number(3));
		let seed = world.ext.execute_with(|| Training::sample_seed(0, 1, B, A)).unwrap();
		let bobs = update(0xbb);
		let check = UpdateCheck {
			task,
			update: bobs.clone(),
			sample_seed: seed,
			segments: SEGMENTS,
			stakes: Some(STAKES),
		};
		let body = request_body(method::VALIDATE, (&check, Some(BOB_URL)));
		(world, body)
	}

	#[test]
	fn are_asked_for_again_before_the_update_is_judged_invalid() {
		let (mut world, body) = world();
		let judge = Duty::Judge { job: 0, round: 1, node: A, trainer: B };
		for block in 3..3 + u64::from(crate::WITHHELD_ATTEMPTS) - 1 {
			world.expect_raw(
				body.clone(),
				&format!(r#"{{"jsonrpc":"2.0","id":1,"result":{WITHHELD}}}"#),
			);
			world.run_at(block);
			assert!(world.take_transactions().is_empty(), "block {block}: not judged yet");
		}
		assert!(matches!(world.stage(judge), Some(Stage::Waiting { attempts: 9, .. })));
		world.expect_raw(body, &format!(r#"{{"jsonrpc":"2.0","id":1,"result":{WITHHELD}}}"#));
		world.run_at(3 + u64::from(crate::WITHHELD_ATTEMPTS) - 1);
		let [(_, _, RuntimeCall::Training(pallet_training::Call::submit_verdict { verdict, .. }))] =
			&world.take_transactions()[..]
		else {
			panic!("one verdict")
		};
		assert_eq!(*verdict, Verdict::Invalid);
	}

	#[test]
	fn that_come_back_are_judged_on_their_merits() {
		let (mut world, body) = world();
		world.expect_raw(
			body.clone(),
			&format!(r#"{{"jsonrpc":"2.0","id":1,"result":{WITHHELD}}}"#),
		);
		world.run_at(3);
		let valid = r#"{"verdict":"Valid","measured":{"loss_before":1,"loss_after":1,"accuracy":null},"reasons":[],"withheld":false,"details":{}}"#;
		world.expect_raw(body, &format!(r#"{{"jsonrpc":"2.0","id":1,"result":{valid}}}"#));
		world.run_at(4);
		let [(_, _, RuntimeCall::Training(pallet_training::Call::submit_verdict { verdict, .. }))] =
			&world.take_transactions()[..]
		else {
			panic!("one verdict")
		};
		assert_eq!(*verdict, Verdict::Valid);
	}

	#[test]
	fn are_judged_invalid_at_once_near_the_deadline() {
		let (mut world, body) = world();
		world.expect_raw(body, &format!(r#"{{"jsonrpc":"2.0","id":1,"result":{WITHHELD}}}"#));
		world.run_at(1 + ROUND - u64::from(crate::DEADLINE_MARGIN));
		assert_eq!(world.take_transactions().len(), 1);
	}
}

mod reports {
	use super::*;
	use aicchain_primitives::task::rpc::{Info, Work};
	use pallet_reporting::{Commitments, Metrics, Reports};

	/// What the trainer answers to `trainer_info`: 12,800 samples in 500 ms, 7,200 J.
	fn info() -> String {
		json(&Info {
			version: "0.1.0".into(),
			torch: "2.11.0".into(),
			device: "cpu".into(),
			cuda: false,
			threads: 2,
			datasets: vec![],
			max_artifact: 1 << 28,
			work: Work {
				uptime_ms: 60_000,
				busy_ms: 900,
				samples: 12_800,
				train_ms: 500,
				energy_uj: Some(7_200_000_000),
			},
		})
	}

	/// Alice's node with nothing to train, reporting in epochs of 100 blocks.
	fn world() -> World {
		let mut world = World::idle();
		world.ext.execute_with(|| {
			quiet_heartbeats();
			pallet_reporting::EpochLength::<Test>::put(100);
		});
		world
	}

	/// The commitment among the pool's transactions, included.
	fn include_commitment(world: &mut World) -> H256 {
		let [(who, _, RuntimeCall::Reporting(commit))] = &world.take_transactions()[..] else {
			panic!("one commitment")
		};
		assert_eq!(*who, world.alice);
		let pallet_reporting::Call::commit_report { node: A, hash } = commit.clone() else {
			panic!("a commitment of node A: {commit:?}")
		};
		world.include(world.alice, commit.clone().into());
		hash
	}

	#[test]
	fn commit_to_what_the_trainer_measured_and_reveal_it_next_epoch() {
		let mut world = world();
		world.expect(method::INFO, [(); 0], &info());
		world.run_at(2);
		let hash = include_commitment(&mut world);
		world.run_at(60); // Committed: nothing more this epoch (and no request).
		assert!(world.take_transactions().is_empty());

		world.run_at(100);
		let [(_, _, RuntimeCall::Reporting(reveal))] = &world.take_transactions()[..] else {
			panic!("one reveal")
		};
		let pallet_reporting::Call::reveal_report { node: A, metrics, salt } = reveal.clone()
		else {
			panic!("a reveal: {reveal:?}")
		};
		// 12,800 samples in 500 ms of training; the one call answered; 7,200 J = 2 Wh.
		let measured =
			Metrics { throughput: 25_600, latency_ms: 1, uptime_permille: 1_000, energy_wh: 2 };
		assert_eq!(metrics, measured);
		world.ext.execute_with(|| {
			assert_eq!(pallet_reporting::Pallet::<Test>::report_hash(A, 0, &metrics, &salt), hash);
		});
		world.include(world.alice, reveal.clone().into());
		world.ext.execute_with(|| {
			assert_eq!(Commitments::<Test>::get(A), None);
			assert_eq!(Reports::<Test>::get(A).unwrap().metrics, measured);
		});
	}

	#[test]
	fn a_trainer_that_does_not_answer_gets_no_report_yet() {
		let mut world = world();
		world.expect_raw(request_body(method::INFO, [(); 0]), "not json");
		world.run_at(2);
		assert!(world.take_transactions().is_empty());
		world.expect(method::INFO, [(); 0], &info());
		world.run_at(3);
		assert_eq!(world.take_transactions().len(), 1, "committed once the trainer answered");
	}

	#[test]
	fn no_commitment_is_made_too_late_to_land_in_its_epoch() {
		let mut world = world();
		world.run_at(98); // No request: two blocks before the epoch ends.
		assert!(world.take_transactions().is_empty());
	}

	#[test]
	fn a_commitment_never_revealed_does_not_stop_reports() {
		let mut world = world();
		world.expect(method::INFO, [(); 0], &info());
		world.run_at(2);
		include_commitment(&mut world);
		// Epoch 1 passes without a run (the node was down): the commitment expires. In epoch
		// 2 the worker commits again, and the chain counts the old one as missed.
		world.expect(method::INFO, [(); 0], &info());
		world.run_at(200);
		include_commitment(&mut world);
		world.ext.execute_with(|| assert_eq!(Commitments::<Test>::get(A).unwrap().epoch, 2));
	}
}

mod heartbeats_and_nonces {
	use super::*;

	#[test]
	fn a_heartbeat_goes_out_once_free_and_nonces_follow_each_other() {
		let mut world = World::new(TRAINER_ONLY, VALIDATOR_ONLY, false);
		let task = world.task(A);
		world.expect(method::TRAIN, (&task, None::<&str>, true), "7");
		world.run_at(2);
		let free_at = 1 + u64::from(TIMEOUT / 4);
		let done = format!(r#"{{"state":"done","report":{{}},"update":{}}}"#, json(&update(0xaa)));
		world.expect(method::STATUS, [7], &done);
		world.run_at(free_at);
		// The heartbeat first (nonce 0), then the update (nonce 1), in the same run.
		let sent: Vec<(AccountId, u32)> =
			world.take_transactions().into_iter().map(|(who, nonce, _)| (who, nonce)).collect();
		assert_eq!(sent, [(world.alice, 0), (world.alice, 1)]);

		// Neither is included yet: the next transaction takes nonce 2, not the chain's 0.
		world.ext.execute_with(|| {
			pallet_compute::Nodes::<Test>::mutate(A, |info| {
				info.as_mut().unwrap().last_heartbeat = 0
			});
		});
		world.run_at(free_at + u64::from(crate::RESUBMIT_AFTER));
		let sent: Vec<u32> =
			world.take_transactions().into_iter().map(|(_, nonce, _)| nonce).collect();
		assert_eq!(sent, [2, 2 + 1], "the heartbeat again, and the update resubmitted");
	}

	#[test]
	fn nonces_ahead_of_the_chain_are_given_up_when_nothing_is_included() {
		let mut world = submitted();
		// Lost (it never lands): once it has expired it is submitted again, with the next
		// nonce while the lost one may still be pending, then, the chain having included
		// nothing for NONCE_STALE blocks, with the chain's nonce again.
		let again = 3 + u64::from(crate::RESUBMIT_AFTER);
		world.run_at(again - 1);
		assert!(world.take_transactions().is_empty(), "not while it may still land");
		world.run_at(again);
		assert_eq!(world.take_transactions().iter().map(|t| t.1).collect::<Vec<_>>(), [1]);
		world.run_at(again + u64::from(crate::RESUBMIT_AFTER));
		let nonces: Vec<u32> = world.take_transactions().iter().map(|t| t.1).collect();
		assert_eq!(nonces, [0], "past NONCE_STALE: the chain's nonce");
	}

	/// Alice's node trained and submitted its update at block 3 (nonce 0).
	fn submitted() -> World {
		let mut world = World::new(TRAINER_ONLY, VALIDATOR_ONLY, false);
		world.ext.execute_with(quiet_heartbeats);
		let task = world.task(A);
		world.expect(method::TRAIN, (&task, None::<&str>, true), "7");
		world.run_at(2);
		let done = format!(r#"{{"state":"done","report":{{}},"update":{}}}"#, json(&update(0xaa)));
		world.expect(method::STATUS, [7], &done);
		world.run_at(3);
		assert_eq!(world.take_transactions().iter().map(|t| t.1).collect::<Vec<_>>(), [0]);
		world
	}

	#[test]
	fn a_result_whose_transaction_landed_and_failed_is_not_sent_again() {
		let mut world = submitted();
		// The nonce is used (the transaction was included) but the update not recorded.
		world.ext.execute_with(|| frame_system::Pallet::<Test>::inc_account_nonce(world.alice));
		world.run_at(3 + u64::from(crate::RESUBMIT_AFTER));
		assert!(world.take_transactions().is_empty(), "the same again would fail, and pay");
	}

	#[test]
	fn nonces_from_before_a_restart_are_forgotten() {
		let mut world = submitted();
		// The node restarts: its pool, and the transaction with nonce 0, are gone.
		world.ext.execute_with(|| {
			StorageValueRef::persistent(crate::BOOT_KEY).set(&1_700_000_000_000u64);
		});
		world.run_at(3 + u64::from(crate::RESUBMIT_AFTER));
		assert_eq!(world.take_transactions().iter().map(|t| t.1).collect::<Vec<_>>(), [0]);
	}
}

#[test]
fn trainer_answers_parse_or_fail_cleanly() {
	use crate::trainer::CallError;
	assert_eq!(parse_response::<u64>(br#"{"jsonrpc":"2.0","id":1,"result":5}"#), Ok(5));
	assert_eq!(parse_response::<u64>(b"{}"), Err(CallError::Malformed));
	assert_eq!(parse_response::<u64>(b"\xff\xfe"), Err(CallError::Malformed));
	assert_eq!(parse_response::<u64>(br#"{"result":"5"}"#), Err(CallError::Malformed));
	assert_eq!(
		parse_response::<u64>(br#"{"error":{"code":1004,"message":"busy"}}"#),
		Err(CallError::Rpc { code: 1004, message: "busy".into() })
	);
	let wrong_hash = br#"{"result":{"weights":"0x12","inputs":[],"samples":1}}"#;
	assert_eq!(parse_response::<MergeReport>(wrong_hash).err(), Some(CallError::Malformed));
}

use codec::Encode;
